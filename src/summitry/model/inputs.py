"""Every numeric input of a scenario that carries an uncertainty spec, by field path.

The Monte Carlo engine samples these; deterministic engines take their point values. A *draw*
maps field paths (tuples such as ``("positions", "RUS", "T_DONBAS", "reservation")``) to
values; :func:`summitry.engines.bargaining.problem_from_scenario` reads a draw in place of the
point values.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from summitry.model.uncertain import BetaSpec, NormalSpec, RangeSpec, TriangularSpec

__all__ = ["Path", "uncertain_inputs"]

Path = tuple[str | int | float, ...]
_SPECS = (RangeSpec, TriangularSpec, NormalSpec, BetaSpec)


def _walk(node: Any, loc: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(node, _SPECS):
        yield loc, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk(getattr(node, name), (*loc, name))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*loc, key))
    elif isinstance(node, tuple):
        for k, value in enumerate(node):
            yield from _walk(value, (*loc, k))


def uncertain_inputs(scenario: BaseModel) -> list[tuple[Path, Any]]:
    """Every uncertainty spec in ``scenario`` with its field path, in document order."""
    return list(_walk(scenario, ()))
