"""The typer application object and the user-error boundary shared by every command.

Command modules (``cli/bargaining.py``, ``cli/gmcr.py``, ...) register their commands on
:data:`app`; :mod:`summitry.cli.main` imports them all. Commands call :func:`user_errors` so that
a :class:`~summitry.errors.SummitryError` becomes located one-line messages on stderr and exit
status 2, never a traceback (``--debug`` shows it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from summitry.errors import InputError, SummitryError

app = typer.Typer(
    name="summitry",
    help="Will these talks resolve the conflict? Cited, testable models of negotiations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_USER_ERROR = 2


def _debug() -> bool:
    return os.environ.get("SUMMITRY_DEBUG", "") not in ("", "0")


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn summitry's user errors into messages on stderr and exit status 2."""
    try:
        yield
    except InputError as exc:
        if _debug():
            raise
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        raise typer.Exit(EXIT_USER_ERROR) from None
    except SummitryError as exc:
        if _debug():
            raise
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(EXIT_USER_ERROR) from None
