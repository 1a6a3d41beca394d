"""Small bargaining problems built directly as arrays (for unit, reference and property tests)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from summitry.engines.bargaining.problem import BargainingProblem, HardLine


def problem(
    ideal: Sequence[Sequence[float]],
    weight: Sequence[Sequence[float]],
    disagreement: Sequence[float],
    cost: Sequence[float],
    *,
    capability: Sequence[float] | None = None,
    hard: Sequence[HardLine] = (),
    quadratic: bool = False,
    compliance: Sequence[float] | None = None,
    exposure: Sequence[float] | None = None,
    bonus: Sequence[float] | None = None,
    scale: Sequence[float] | None = None,
    shift: Sequence[float] | None = None,
    choices: Sequence[tuple[float, ...] | None] | None = None,
) -> BargainingProblem:
    """A problem with signatories A0, A1, ... and issues I0, I1, ..."""
    n_a, n_k = len(ideal), len(disagreement)
    w = np.asarray(weight, dtype=float)
    w = w / w.sum(axis=1, keepdims=True)
    return BargainingProblem(
        actors=tuple(f"A{i}" for i in range(n_a)),
        issues=tuple(f"I{k}" for k in range(n_k)),
        ideal=np.asarray(ideal, dtype=float),
        weight=w,
        disagreement=np.asarray(disagreement, dtype=float),
        cost=np.asarray(cost, dtype=float),
        bonus=np.zeros(n_a) if bonus is None else np.asarray(bonus, dtype=float),
        exposure=np.zeros(n_a) if exposure is None else np.asarray(exposure, dtype=float),
        compliance_of_others=np.ones(n_a) if compliance is None else np.asarray(compliance),
        capability=np.ones(n_a) if capability is None else np.asarray(capability, dtype=float),
        hard=tuple(hard),
        quadratic=quadratic,
        scale=np.ones(0) if scale is None else np.asarray(scale, dtype=float),
        shift=np.zeros(0) if shift is None else np.asarray(shift, dtype=float),
        choices=() if choices is None else tuple(choices),
    )


def fearon(p: float, c_a: float, c_b: float, **kw: object) -> BargainingProblem:
    """Fearon's one-issue problem on 0-100: A wants 100, B wants 0, war gives A the share p."""
    return problem([[100.0], [0.0]], [[1.0], [1.0]], [100.0 * p], [c_a, c_b], **kw)  # type: ignore[arg-type]
