"""“Check this browser”: proves that Python runs in the page and can do what the tools need, for
trainers and IT staff before a session."""
