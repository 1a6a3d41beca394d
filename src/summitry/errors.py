"""The one exception tree of summitry.

Every user error is a :class:`SummitryError`. Errors about input files carry one or more
:class:`Problem` records, each naming the file, line and column, the field path, the value
received, what was expected and how to fix it. The CLI prints :meth:`Problem.format` lines and
exits with status 2; it never shows a traceback for a user error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "InputError",
    "ModelSizeError",
    "Problem",
    "SummitryError",
    "format_value",
]

_MAX_VALUE_CHARS = 60


def format_value(value: object) -> str:
    """Return a short, single-line rendering of a received value for an error message."""
    text = repr(value)
    text = text.replace("\n", "\\n")
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 3] + "..."
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One thing wrong with a user's input, located as precisely as possible.

    Attributes
    ----------
    file : str
        The file as the user named it.
    line, col : int
        1-based position of the offending node (0 when the file has no position, e.g. empty).
    path : str
        Dotted field path inside the document (``positions.RUS.T_DONBAS.salience``), or ``""``.
    message : str
        What is wrong, in one sentence without a final full stop.
    value : str | None
        The received value, already rendered with :func:`format_value` (``None``: not shown).
    expected : str
        What would have been accepted.
    fix : str
        How to fix it.
    """

    file: str
    line: int
    col: int
    path: str
    message: str
    value: str | None
    expected: str
    fix: str

    def format(self) -> str:
        """Render the problem as one line: ``file:line:col: path: message ...``."""
        where = f"{self.file}:{self.line}:{self.col}"
        head = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        got = f"; got {self.value}" if self.value is not None else ""
        return f"{head}{got}; expected {self.expected}. Fix: {self.fix}"


class SummitryError(Exception):
    """Base class of every error summitry raises on purpose."""


class InputError(SummitryError, ValueError):
    """A user input (scenario, peer file, option) is invalid; carries located problems."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("InputError needs at least one Problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class ModelSizeError(SummitryError, ValueError):
    """A model is larger than a configured limit (raised before any large allocation)."""
