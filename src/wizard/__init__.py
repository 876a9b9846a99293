"""Decision wizards and table tools for sharing data to tackle worklessness.

The package uses only the standard library so that the same code runs on the command line,
at site build time (MkDocs hooks) and in the browser inside Pyodide.
"""

__version__ = "0.1.0"
