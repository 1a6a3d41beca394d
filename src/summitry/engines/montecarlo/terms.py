"""A number of a scenario as seen by vectorised evaluation: a sampled column or a constant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from summitry.engines.montecarlo.sampler import SampleSpace
from summitry.model.inputs import Path
from summitry.model.uncertain import point

__all__ = ["Term", "terms"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Term:
    """Column ``col`` of a sample's values, or the constant ``const`` when ``col`` is None."""

    col: int | None
    const: float

    def of(self, values: FloatArray) -> FloatArray:
        """The term's value in every draw (rows of ``values``)."""
        if self.col is None:
            return np.full(values.shape[0], self.const)
        return values[:, self.col]


def terms(space: SampleSpace) -> Callable[..., Term]:
    """A function ``term(path, spec, default=None)`` that compiles one number of the scenario.

    ``spec`` is the field's value (a number or an uncertainty spec); ``None`` gives the constant
    ``default`` (0 when ``default`` is None). A spec whose path is a sampled input becomes its
    column, anything else its point value.
    """
    col = {p: j for j, p in enumerate(space.paths)}

    def term(path: Path, spec: object, default: float | None = None) -> Term:
        if spec is None:
            return Term(None, float(default if default is not None else 0.0))
        return Term(col.get(path), point(spec))  # type: ignore[arg-type]

    return term
