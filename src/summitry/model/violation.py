"""The record of one cross-field problem, shared by every model's checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Loc", "Violation"]

Loc = tuple[str | int | float, ...]


@dataclass(frozen=True, slots=True)
class Violation:
    """One cross-field problem: where (``loc``), what, the value, what was expected, the fix.

    ``at_key`` asks the locator to point at the mapping key of ``loc`` rather than its value.
    """

    loc: Loc
    message: str
    value: Any
    expected: str
    fix: str
    at_key: bool = False
