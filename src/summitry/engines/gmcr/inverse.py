r"""Inverse GMCR: which preference changes make a desired state an equilibrium.

Given a desired state :math:`s^*` and, for some DMs, a *vary range* :math:`[a, b)` of positions in
their preference ranking (tie groups count as one position and move as a unit, as in gmcr-py's
inverse solver, ``gmcr.md`` section 4), every permutation of the groups in each range is tried
(the Cartesian product over DMs, the last DM varying fastest). For each profile the payoffs are
:math:`P(s) = N - \text{position}` and :math:`s^*` is tested with the **textbook** definitions of
:mod:`.stability` (Nash, GMR, SEQ, SMR for every DM, opponents by legal sequences). gmcr-py's
inverse solver simplifies GMR/SEQ/SMR (single opponent moves, strict sanctions, only the last UI's
verdict kept); this one does not.

References
----------
Kinsara, R. A., Kilgour, D. M. & Hipel, K. W. (2015) Inverse approach to the graph model for
conflict resolution. *IEEE Trans. SMC: Systems* 45(5): 734-742.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from summitry.engines.gmcr.stability import Rule, analyse
from summitry.engines.gmcr.states import Compiled
from summitry.errors import ModelSizeError

__all__ = ["InverseProfile", "inverse", "ranking_groups"]

INVERSE_CONCEPTS = ("nash", "gmr", "seq", "smr")
DEFAULT_MAX_PROFILES = 50_000


@dataclass(frozen=True, slots=True, kw_only=True)
class InverseProfile:
    """One preference profile and the concepts under which the desired state is an equilibrium.

    ``rankings[k]`` is DM ``k``'s ranking as tie groups of state indices, most preferred first.
    """

    rankings: tuple[tuple[tuple[int, ...], ...], ...]
    equilibrium: dict[str, bool]


def ranking_groups(c: Compiled, k: int) -> list[tuple[int, ...]]:
    """DM ``k``'s tie groups of state indices, most preferred first."""
    pay = c.payoffs[k]
    return [
        tuple(np.nonzero(pay == v)[0].tolist()) for v in sorted(set(pay.tolist()), reverse=True)
    ]


def _payoffs(groups: list[tuple[int, ...]], size: int) -> NDArray[np.int64]:
    out = np.zeros(size, dtype=np.int64)
    for pos, g in enumerate(groups):
        out[list(g)] = size - pos
    return out


def inverse(
    c: Compiled,
    desired: int,
    vary: Mapping[int, tuple[int, int]],
    *,
    rule: Rule = "textbook",
    max_profiles: int = DEFAULT_MAX_PROFILES,
) -> Iterator[InverseProfile]:
    """Yield every profile of the vary ranges with the desired state's equilibrium verdicts.

    Parameters
    ----------
    c : Compiled
        The conflict with its current preferences.
    desired : int
        0-based index of the desired state.
    vary : mapping of DM index to (start, end)
        Positions ``start <= p < end`` of the DM's ranking groups to permute.
    rule : {"textbook", "gmcr-py"}
        Opponent chain rule for GMR, SEQ, SMR.
    max_profiles : int
        Refuse more profiles than this.

    Raises
    ------
    ModelSizeError
        When the number of profiles exceeds ``max_profiles``.
    ValueError
        When a range is outside a DM's ranking or the state index is out of range.
    """
    if not 0 <= desired < c.size:
        raise ValueError(f"desired state index {desired} is not in 0..{c.size - 1}")
    base = [ranking_groups(c, k) for k in range(c.conflict.n_dms)]
    choices: list[list[list[tuple[int, ...]]]] = []
    total = 1
    for k in range(c.conflict.n_dms):
        start, end = vary.get(k, (0, 0))
        if not 0 <= start <= end <= len(base[k]):
            raise ValueError(
                f"vary range [{start}, {end}) of DM {k} is outside its {len(base[k])} groups"
            )
        total *= math.factorial(end - start)
        if total > max_profiles:
            raise ModelSizeError(
                f"inverse analysis would try more than {max_profiles} preference profiles; "
                f"expected at most {max_profiles}. Fix: narrow the vary ranges"
            )
        head, mid, tail = base[k][:start], base[k][start:end], base[k][end:]
        choices.append([head + list(p) + tail for p in itertools.permutations(mid)])
    for combo in itertools.product(*choices):
        pay = np.vstack([_payoffs(groups, c.size) for groups in combo])
        pay.setflags(write=False)
        cc = replace(c, payoffs=pay)
        res = analyse(cc, concepts=INVERSE_CONCEPTS, rule=rule)
        verdict = {x: bool(res.stable[x][:, desired].all()) for x in INVERSE_CONCEPTS}
        yield InverseProfile(rankings=tuple(tuple(groups) for groups in combo), equilibrium=verdict)
