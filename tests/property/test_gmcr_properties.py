"""Property tests of the GMCR engine on random conflicts (hypothesis).

* The vectorised engine equals the letter-of-the-definition search (:mod:`explicit`) for every
  concept, mover and state, under both opponent rules, with irreversible options, infeasible
  states, misperceptions and coalitions.
* Stability sets nest per mover: Nash ⊆ SEQ ⊆ GMR and Nash ⊆ SMR ⊆ GMR (Fang, Hipel & Kilgour
  1993, ch. 4), and Nash ⊆ SIM.
* Verdicts do not depend on the order of DMs or options, or on names (states matched by their
  option values).
* With two DMs the gmcr-py chain rule and the textbook rule agree (``gmcr.md`` 2.2).
* The gmcr-py rule finds a subset of the textbook's sanctions, so it is never more stable.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from summitry.engines.gmcr import explicit
from summitry.engines.gmcr.stability import CONCEPTS, analyse
from summitry.engines.gmcr.states import compile_conflict
from summitry.model.gmcr import And, Conflict, DecisionMaker, Direction, Expr, Lit, Option, Or

SETTINGS = settings(deadline=None, max_examples=40)


@st.composite
def conflicts(
    draw: Any,
    *,
    min_dms: int = 2,
    max_dms: int = 3,
    max_options: int = 6,
    coalitions: bool = True,
    extras: bool = True,
    infeasible: bool = True,
) -> Conflict:
    n_dms = draw(st.integers(min_dms, max_dms))
    sizes = [draw(st.integers(1, 2 if n_dms == 3 else 3)) for _ in range(n_dms)]
    while sum(sizes) > max_options:
        sizes[sizes.index(max(sizes))] -= 1
    n = sum(sizes)
    lit = st.builds(Lit, st.integers(0, n - 1), st.booleans())
    conj: st.SearchStrategy[Expr] = st.builds(
        lambda xs: And(tuple(xs)), st.lists(lit, min_size=1, max_size=3)
    )
    stmt: st.SearchStrategy[Expr] = st.one_of(
        conj, st.builds(lambda xs: Or(tuple(xs)), st.lists(conj, min_size=1, max_size=2))
    )
    directions = st.sampled_from(list(Direction)) if extras else st.just(Direction.BOTH)
    options: list[Option] = []
    dms: list[DecisionMaker] = []
    pos = 0
    for k, size in enumerate(sizes):
        for _ in range(size):
            options.append(Option(name=f"o{pos}", dm=k, direction=draw(directions)))
            pos += 1
        start = pos - size
        misperceived = tuple(draw(st.lists(conj, max_size=1))) if extras else ()
        dms.append(
            DecisionMaker(
                name=f"D{k}",
                options=tuple(range(start, pos)),
                statements=tuple(draw(st.lists(stmt, min_size=1, max_size=4))),
                misperceived=misperceived,
            )
        )
    pairs = st.builds(lambda a, b: And((a, b)), lit, lit)
    bad = tuple(draw(st.lists(pairs, max_size=2 if infeasible else 0)))
    groups = None
    if coalitions and n_dms == 3 and draw(st.booleans()):
        pair = draw(st.sampled_from([(0, 1), (0, 2), (1, 2)]))
        groups = tuple(sorted([pair, tuple(k for k in range(3) if k not in pair)]))
    return Conflict(
        options=tuple(options), decision_makers=tuple(dms), infeasible=bad, coalitions=groups
    )


@settings(deadline=None, max_examples=150)
@given(
    st.one_of(conflicts(), conflicts(min_dms=3, coalitions=False, extras=False)),
    st.sampled_from(["textbook", "gmcr-py"]),
)
def test_engine_equals_definitions(conflict: Conflict, rule: str) -> None:
    """Every per-mover verdict equals the direct search over explicit move sets."""
    c = compile_conflict(conflict)
    if c.size == 0:
        return
    res = analyse(c, rule=rule)  # type: ignore[arg-type]
    movers = list(res.movers)
    for concept in CONCEPTS:
        for e in range(len(movers)):
            want = [
                explicit.stable_at(c, movers, e, s, concept, rule=rule)  # type: ignore[arg-type]
                for s in range(c.size)
            ]
            assert res.stable[concept][e].tolist() == want, (concept, e)


@SETTINGS
@given(conflicts(max_options=8), st.sampled_from(["textbook", "gmcr-py"]))
def test_stability_sets_nest(conflict: Conflict, rule: str) -> None:
    """Nash ⊆ SEQ ⊆ GMR, Nash ⊆ SMR ⊆ GMR and Nash ⊆ SIM for every mover and state."""
    res = analyse(compile_conflict(conflict), rule=rule)  # type: ignore[arg-type]
    s = res.stable
    assert not (s["nash"] & ~s["seq"]).any()
    assert not (s["seq"] & ~s["gmr"]).any()
    assert not (s["nash"] & ~s["smr"]).any()
    assert not (s["smr"] & ~s["gmr"]).any()
    assert not (s["nash"] & ~s["sim"]).any()


@SETTINGS
@given(conflicts(max_dms=2, max_options=8))
def test_two_dms_rules_agree(conflict: Conflict) -> None:
    """For two DMs gmcr-py's chain rule is the textbook rule (gmcr.md 2.2)."""
    c = compile_conflict(conflict)
    a, b = analyse(c, rule="textbook"), analyse(c, rule="gmcr-py")
    for concept in CONCEPTS:
        assert (a.stable[concept] == b.stable[concept]).all()


@SETTINGS
@given(conflicts(max_options=7, coalitions=False))
def test_chain_rule_never_more_stable(conflict: Conflict) -> None:
    """gmcr-py's chain sanctions are a subset of legal sequences: its stable sets are subsets."""
    c = compile_conflict(conflict)
    a, b = analyse(c, rule="textbook"), analyse(c, rule="gmcr-py")
    for concept in ("gmr", "seq", "smr"):
        assert not (b.stable[concept] & ~a.stable[concept]).any()


def _permute(
    conflict: Conflict, dm_order: list[int], opt_orders: list[list[int]]
) -> tuple[Conflict, dict[int, int]]:
    """Reorder DMs and options; return the new conflict and old option -> new option."""
    new_of: dict[int, int] = {}
    pos = 0
    for k in dm_order:
        for o in opt_orders[k]:
            new_of[conflict.decision_makers[k].options[o]] = pos
            pos += 1

    def remap(e: Expr) -> Expr:
        from summitry.model.gmcr import remap_expr

        return remap_expr(e, new_of)

    options: list[Option | None] = [None] * conflict.n_options
    for old, new in new_of.items():
        o = conflict.options[old]
        options[new] = Option(name=f"x{o.name}", dm=dm_order.index(o.dm), direction=o.direction)
    dms = []
    pos = 0
    for k in dm_order:
        dm = conflict.decision_makers[k]
        dms.append(
            DecisionMaker(
                name=f"renamed-{dm.name}",
                options=tuple(range(pos, pos + len(dm.options))),
                statements=tuple(remap(s) for s in dm.statements or ()),
                misperceived=tuple(remap(s) for s in dm.misperceived),
            )
        )
        pos += len(dm.options)
    out = Conflict(
        options=tuple(o for o in options if o is not None),
        decision_makers=tuple(dms),
        infeasible=tuple(remap(e) for e in conflict.infeasible),
    )
    return out, new_of


@SETTINGS
@given(conflicts(max_options=7, coalitions=False), st.randoms(use_true_random=False))
def test_invariant_to_order_and_names(conflict: Conflict, rnd: Any) -> None:
    """Reordering/renaming DMs and options permutes states and DMs, nothing else."""
    dm_order = list(range(conflict.n_dms))
    rnd.shuffle(dm_order)
    opt_orders = []
    for dm in conflict.decision_makers:
        order = list(range(len(dm.options)))
        rnd.shuffle(order)
        opt_orders.append(order)
    other, new_of = _permute(conflict, dm_order, opt_orders)
    c1, c2 = compile_conflict(conflict), compile_conflict(other)
    r1, r2 = analyse(c1), analyse(c2)

    def mapped(code: int) -> int:
        return sum(1 << new_of[i] for i in range(conflict.n_options) if (code >> i) & 1)

    index2 = [c2.index(mapped(int(code))) for code in c1.codes]
    assert sorted(index2) == list(range(c2.size))
    for concept in CONCEPTS:
        for k in range(conflict.n_dms):
            k2 = dm_order.index(k)
            assert r1.stable[concept][k].tolist() == r2.stable[concept][k2][index2].tolist()
    assert np.array_equal(r1.equilibria("gmr").shape, r2.equilibria("gmr").shape)


@settings(deadline=None, max_examples=30)
@given(
    conflicts(min_dms=3, max_options=6, coalitions=False, infeasible=False),
    st.sampled_from([(0, 1), (0, 2), (1, 2)]),
)
def test_coalition_sequences_equal_joint_moves_without_infeasibility(
    conflict: Conflict, pair: tuple[int, int]
) -> None:
    """With every state feasible, a coalition's legal sequences of member moves reach exactly its
    joint moves (irreversibility is per option), so verdicts agree (models with misperceptions
    are skipped: a coalition perceives what any member perceives, a member only its own)."""
    c = compile_conflict(conflict)
    rest = tuple(k for k in range(3) if k not in pair)
    groups = tuple(sorted([pair, rest]))
    if any(dm.misperceived for dm in conflict.decision_makers):
        return
    a = analyse(c, groups=groups, concepts=("nash", "gmr", "seq", "smr"))
    b = analyse(
        c, groups=groups, concepts=("nash", "gmr", "seq", "smr"), coalition_moves="sequence"
    )
    for concept in a.stable:
        assert (a.stable[concept] == b.stable[concept]).all(), concept
