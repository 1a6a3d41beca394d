"""Entry point of the ``summitry`` command: imports every command module, then runs the app."""

from __future__ import annotations

from summitry.cli import (
    bargaining,  # noqa: F401  (registers validate, analyze, schema)
    compare,  # noqa: F401
    gmcr,  # noqa: F401
    montecarlo,  # noqa: F401
    report,  # noqa: F401
    sensitivity,  # noqa: F401
    serve,  # noqa: F401
    spatial,  # noqa: F401
)
from summitry.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Run the summitry command-line program."""
    app()
