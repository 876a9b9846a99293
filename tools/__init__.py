"""Build steps for the site. Plain Python that writes files; MkDocs hooks only call these."""
