r"""Bargaining-range analysis of a whole problem: zones by issue subset, solutions, diagnosis.

Steps (Fearon 1995; Putnam 1988; Nash 1950):

1. The *zone of possible agreement* for a set :math:`S` of issues (the others stay at the
   disagreement outcome :math:`D`) is
   :math:`Z_S = \{x : x_k = D_k\ (k \notin S),\ \text{red lines and ratifier conditions on } S,\
   U_i(x) \ge r_i\ \forall i\}`. It is decided exactly by the LP
   :math:`s^* = \max_{x} \min_i (U_i(x) - r_i)` over those constraints: the zone is non-empty iff
   the LP is feasible with :math:`s^* \ge 0`, and a *deal* (everyone strictly gains) iff
   :math:`s^* > \varepsilon`.
2. Every subset is classified without solving :math:`2^K - 1` LPs: when :math:`D_k` satisfies
   every constraint on issue :math:`k`, :math:`Z_{S \cup \{k\}} \supseteq Z_S \times \{D_k\}`,
   so deals are inherited by supersets over such issues and their absence by subsets. Issues
   whose red lines contradict each other can be in no deal at all.
3. Inside the full package's zone (or each maximal deal) the asymmetric Nash bargaining solution
   and the Kalai--Smorodinsky point are computed (:mod:`.solutions`).
4. An empty package zone is diagnosed: every pair of contradictory red lines or ratifier
   conditions, then a deletion filter (Chinneck & Dravnieks 1991) for an irreducible infeasible
   subset among the other constraint groups; LPs with slack find, for each signatory, the
   smallest cost-of-conflict increase or red-line shift that opens a zone, and the smallest
   joint change (minimum total slack, 1 scale point = 1 utility point).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from summitry.engines.bargaining.lp import (
    Group,
    LPResult,
    Spec,
    feasible_issue_ranges,
    groups_of,
    solve,
)
from summitry.engines.bargaining.problem import BargainingProblem
from summitry.engines.bargaining.solutions import Solution, kalai_smorodinsky, nash_bargaining

__all__ = [
    "Analysis",
    "Change",
    "Diagnosis",
    "Verdict",
    "Zone",
    "analyse",
    "diagnose",
    "zone",
]

FloatArray = NDArray[np.float64]
DEAL_EPS = 1e-6
"""Smallest max--min surplus (utility points) that counts as every signatory gaining."""


class Verdict:
    """Classification of the point-estimate result."""

    SETTLEMENT = "settlement_possible"
    LIMITED = "limited_deals_only"
    NOTHING = "nothing_acceptable"


@dataclass(frozen=True, slots=True)
class Zone:
    """The zone of possible agreement for one set of issues."""

    free: tuple[int, ...]
    feasible: bool
    surplus: float
    witness: FloatArray | None
    ranges: tuple[tuple[float, float], ...] = ()
    nbs: Solution | None = None
    ks: Solution | None = None
    limited: bool = False

    @property
    def deal(self) -> bool:
        """True when every signatory strictly gains (max--min surplus above ``DEAL_EPS``)."""
        return self.feasible and self.surplus > DEAL_EPS


@dataclass(frozen=True, slots=True)
class Change:
    """A smallest change that opens a zone: group slacks in scale or utility points."""

    actor: int | None
    kind: str
    total: float
    slacks: tuple[tuple[Group, float], ...]


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Why the package zone is empty and what would open it.

    ``conflicts`` lists irreducible infeasible sets: first every pair of contradictory bounds on
    one issue (a red line or ratifier condition against another), then, if the package is still
    infeasible without the contradicted issues' bounds, one more set found by the deletion filter.
    """

    conflicts: tuple[tuple[Group, ...], ...]
    by_actor: tuple[tuple[Change | None, Change | None, Change | None], ...]
    joint: Change | None


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the bargaining engine computes for one problem."""

    verdict: str
    package: Zone
    subset_deals: tuple[tuple[int, ...], ...]
    minimal_deals: tuple[Zone, ...]
    maximal_deals: tuple[Zone, ...]
    single_issue: tuple[Zone, ...]
    blocked_issues: tuple[int, ...]
    n_subsets: int
    n_programs: int
    diagnosis: Diagnosis | None = None


def zone(
    problem: BargainingProblem,
    free: frozenset[int],
    *,
    solutions: bool = False,
    limited: bool | None = None,
) -> Zone:
    """Decide the zone of the issues in ``free``; with ``solutions``, add ranges, NBS and KS.

    ``limited`` (default: ``free`` is not every issue) treats the agreement as a limited deal that
    leaves the conflict going on (:meth:`BargainingProblem.limited_threshold`).
    """
    if limited is None:
        limited = len(free) < problem.n_issues
    res = solve(problem, Spec(free=free, objective="maxmin", limited=limited))
    feasible = res.feasible and res.value >= -DEAL_EPS
    z = Zone(
        free=tuple(sorted(free)),
        feasible=feasible,
        surplus=res.value if res.feasible else float("-inf"),
        witness=res.x if feasible else None,
    )
    if not (solutions and feasible):
        return z
    return Zone(
        free=z.free,
        feasible=True,
        surplus=z.surplus,
        witness=z.witness,
        ranges=tuple(feasible_issue_ranges(problem, free, Spec(free=free, limited=limited))),
        nbs=nash_bargaining(problem, free, limited=limited),
        ks=kalai_smorodinsky(problem, free, limited=limited),
        limited=limited,
    )


def _admissible(problem: BargainingProblem) -> FloatArray:
    """Issues whose disagreement value satisfies every red line and ratifier condition."""
    lo, hi = problem.hard_box()
    d = problem.disagreement
    return np.asarray((d >= lo - 1e-9) & (d <= hi + 1e-9), dtype=bool)


def analyse(problem: BargainingProblem, *, diagnose_empty: bool = True) -> Analysis:
    """Run the full bargaining-range analysis of ``problem`` (see module docstring)."""
    K = problem.n_issues
    lo, hi = problem.hard_box()
    blocked = tuple(k for k in range(K) if lo[k] > hi[k] + 1e-9)
    admissible = _admissible(problem)
    usable = [k for k in range(K) if k not in blocked]
    inadmissible = [k for k in usable if not admissible[k]]
    tail = [k for k in usable if admissible[k]]
    status: dict[frozenset[int], bool] = {}
    zones: dict[frozenset[int], Zone] = {}
    n_programs = 0

    def decide(s: frozenset[int]) -> bool:
        nonlocal n_programs
        if s in status:
            return status[s]
        z = zone(problem, s, limited=True)
        n_programs += 1
        zones[s] = z
        status[s] = z.deal
        return z.deal

    # enumerate: for each subset of inadmissible issues, the tail issues form an up-set of deals
    deals: list[frozenset[int]] = []
    for r in range(len(inadmissible) + 1):
        for head in itertools.combinations(inadmissible, r):
            head_set = frozenset(head)
            top = head_set | frozenset(tail)
            if not top or not decide(top):
                continue
            known_deal: list[frozenset[int]] = []
            known_none: list[frozenset[int]] = []
            for size in range(len(tail) + 1):
                for part in itertools.combinations(tail, size):
                    s = head_set | frozenset(part)
                    if not s:
                        continue
                    if any(d <= s for d in known_deal):
                        status[s] = True
                    elif any(s <= n for n in known_none):
                        status[s] = False
                    elif decide(s):
                        known_deal.append(s)
                    else:
                        known_none.append(s)
                    if status[s] and s != frozenset(range(K)):
                        deals.append(s)
    full = frozenset(range(K))
    package = zone(problem, full, solutions=True)
    n_programs += 1
    deal_sets = sorted(set(deals), key=lambda s: (len(s), sorted(s)))
    minimal = [s for s in deal_sets if not any(d < s for d in deal_sets)]
    maximal = [s for s in deal_sets if not any(s < d for d in deal_sets)]
    minimal_zones = tuple(zones.get(s) or zone(problem, s, limited=True) for s in minimal)
    maximal_zones = tuple(zone(problem, s, solutions=True, limited=True) for s in maximal)
    singles = tuple(
        zones.get(frozenset({k})) or zone(problem, frozenset({k}), limited=True) for k in range(K)
    )
    if package.deal:
        verdict = Verdict.SETTLEMENT
    elif deal_sets:
        verdict = Verdict.LIMITED
    else:
        verdict = Verdict.NOTHING
    diagnosis = diagnose(problem) if diagnose_empty and not package.feasible else None
    return Analysis(
        verdict=verdict,
        package=package,
        subset_deals=tuple(tuple(sorted(s)) for s in deal_sets),
        minimal_deals=minimal_zones,
        maximal_deals=maximal_zones,
        single_issue=singles,
        blocked_issues=blocked,
        n_subsets=2**K - 1,
        n_programs=n_programs,
        diagnosis=diagnosis,
    )


def _feasible(problem: BargainingProblem, free: frozenset[int], off: frozenset[Group]) -> bool:
    return solve(problem, Spec(free=free, objective="slack", off=off)).feasible


def diagnose(problem: BargainingProblem, free: frozenset[int] | None = None) -> Diagnosis:
    """Explain an empty zone: an irreducible infeasible subset and the smallest opening changes."""
    free = frozenset(range(problem.n_issues)) if free is None else free
    groups = groups_of(problem)
    conflicts: list[tuple[Group, ...]] = []
    bounds: dict[int, list[tuple[Group, float, float]]] = {}
    for n, h in enumerate(problem.hard):
        bounds.setdefault(h.issue, []).append((Group("hard", (n,)), h.lo, h.hi))
    for n, rb in enumerate(problem.ratifier_bounds):
        bounds.setdefault(rb.issue, []).append((Group("ratify", (n,)), rb.lo, rb.hi))
    contradicted: set[Group] = set()
    for k in sorted(free):
        for g_lo, lo, _ in bounds.get(k, []):
            for g_hi, _, hi in bounds.get(k, []):
                if lo > hi + 1e-9:
                    conflicts.append((g_lo, g_hi))
                    contradicted.update({g_lo, g_hi})
    blocked_groups = {g for k in free for g, lo, hi in bounds.get(k, []) if g in contradicted}
    if not _feasible(problem, free, frozenset(blocked_groups)):
        # deletion filter (Chinneck & Dravnieks 1991) over the remaining groups
        off: set[Group] = set(blocked_groups)
        for g in groups:
            if g in off:
                continue
            if not _feasible(problem, free, frozenset(off | {g})):
                off.add(g)
        conflicts.append(tuple(g for g in groups if g not in off))
    by_actor = []
    for i in range(problem.n_actors):
        own_hard = [Group("hard", (n,)) for n, h in enumerate(problem.hard) if h.actor == i] + [
            Group("ratify", (n,)) for n, b in enumerate(problem.ratifier_bounds) if b.actor == i
        ]
        accept = Group("accept", (i,))
        cost = _min_change(problem, free, i, "cost", [accept])
        lines = _min_change(problem, free, i, "red_lines", own_hard) if own_hard else None
        both = _min_change(problem, free, i, "both", [accept, *own_hard])
        by_actor.append((cost, lines, both))
    joint = _min_change(problem, free, None, "joint", groups)
    return Diagnosis(conflicts=tuple(conflicts), by_actor=tuple(by_actor), joint=joint)


def _min_change(
    problem: BargainingProblem,
    free: frozenset[int],
    actor: int | None,
    kind: str,
    relax: list[Group],
) -> Change | None:
    res: LPResult = solve(problem, Spec(free=free, objective="slack", relax=frozenset(relax)))
    if not res.feasible:
        return None
    slacks = tuple((g, v) for g in relax if (v := res.slack.get(g, 0.0)) > 1e-7)
    return Change(actor=actor, kind=kind, total=float(res.value), slacks=slacks)
