"""User-level tasks shared by the CLI and the web app: load -> engine -> result records.

One module per capability (``workflows/bargaining.py``, ``workflows/gmcr.py``, ...) rather than
one long file, so that the capabilities stay independent; callers import from the submodule.
Nothing here prints or parses command lines.
"""
