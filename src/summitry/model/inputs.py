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

__all__ = ["Path", "uncertain_inputs", "walk"]

Path = tuple[str | int | float, ...]
_SPECS = (RangeSpec, TriangularSpec, NormalSpec, BetaSpec)


def walk(node: Any, loc: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every value of a model tree with its field path, parents before children."""
    yield loc, node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from walk(getattr(node, name), (*loc, name))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*loc, key))
    elif isinstance(node, tuple):
        for k, value in enumerate(node):
            yield from walk(value, (*loc, k))


def uncertain_inputs(scenario: BaseModel) -> list[tuple[Path, Any]]:
    """Every uncertainty spec in ``scenario`` with its field path, in document order."""
    return [(loc, v) for loc, v in walk(scenario) if isinstance(v, _SPECS)]
