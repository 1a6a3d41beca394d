"""Unit tests of reachability primitives, status-quo search, limited move and inverse GMCR."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from summitry.engines.gmcr import reach
from summitry.engines.gmcr.explicit import neighbours
from summitry.engines.gmcr.inverse import inverse, ranking_groups
from summitry.engines.gmcr.limited import anticipated, limited_move_stable
from summitry.engines.gmcr.reach import make_movers, reach_max, reach_min, reach_min_improve
from summitry.engines.gmcr.stability import analyse
from summitry.engines.gmcr.states import Compiled, compile_conflict
from summitry.engines.gmcr.statusquo import path_to, reach_from
from summitry.errors import ModelSizeError
from summitry.model.gmcr import And, Conflict, DecisionMaker, Direction, Lit, Option


def model(seed: int, *, directions: bool, misperceive: bool = False) -> Compiled:
    """A random 2-DM, 6-option model (3 options each) with random lexicographic preferences."""
    rng = np.random.default_rng(seed)
    dirs = (
        [Direction(d) for d in rng.choice(["both", "fwd", "back"], size=6)]
        if directions
        else [Direction.BOTH] * 6
    )
    options = tuple(Option(name=f"o{i}", dm=i // 3, direction=dirs[i]) for i in range(6))
    dms = tuple(
        DecisionMaker(
            name=name,
            options=tuple(range(3 * k, 3 * k + 3)),
            statements=tuple(Lit(int(i), bool(rng.integers(2))) for i in rng.permutation(6)),
            misperceived=(And((Lit(0), Lit(4))),) if misperceive and k == 1 else (),
        )
        for k, name in enumerate(("A", "B"))
    )
    return compile_conflict(
        Conflict(options=options, decision_makers=dms, infeasible=(And((Lit(1), Lit(5))),))
    )


def brute(c: Compiled, mover: reach.Mover, f: np.ndarray, op: str) -> np.ndarray:
    out = []
    for x in range(c.size):
        ys = neighbours(c, mover, x, improve=op == "min+")
        vals = [f[y] for y in ys] + ([] if op == "min+" else [f[x]])
        if op == "max":
            out.append(max(vals))
        else:
            out.append(min(vals) if vals else np.inf)
    return np.array(out)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("directions", [False, True])
def test_primitives_equal_brute_force(
    seed: int, directions: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cube transform, row sort and enumeration all equal the definition, state by state."""
    c = model(seed, directions=directions)
    f = np.random.default_rng(seed + 100).integers(0, 9, c.size).astype(float)
    for mover in make_movers(c) + make_movers(c, ((0, 1),)):
        expected = {op: brute(c, mover, f, op) for op in ("min", "max", "min+")}
        for cube in (True, False):
            monkeypatch.setattr(reach, "CUBE_FACTOR", 16 if cube else 0)
            monkeypatch.setattr(
                reach, "_use_cube", (lambda _c: True) if cube else (lambda _c: False)
            )
            assert reach_min(c, mover, f).tolist() == expected["min"].tolist()
            assert reach_max(c, mover, f).tolist() == expected["max"].tolist()
            assert reach_min_improve(c, mover, f).tolist() == expected["min+"].tolist()


def test_misperception_blocks_moves() -> None:
    """A DM cannot move into or out of a state it does not perceive (gmcr.md 1.8)."""
    c = model(3, directions=False, misperceive=True)
    mover = make_movers(c)[1]
    hidden = [s for s in range(c.size) if (int(c.codes[s]) & 0b10001) == 0b10001]
    assert hidden
    for s in hidden:
        assert neighbours(c, mover, s) == []
    for s in range(c.size):
        assert not set(neighbours(c, mover, s)) & set(hidden)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("method", ["cube", "frontier"])
@pytest.mark.parametrize("misperceive", [False, True])
def test_status_quo_search_finds_shortest_paths(seed: int, method: str, misperceive: bool) -> None:
    """BFS distances equal a brute-force search; paths are legal moves of the named mover."""
    c = model(seed, directions=True, misperceive=misperceive)
    movers = make_movers(c)
    for improve in (False, True):
        r = reach_from(c, movers, 0, improve=improve, method=method)  # type: ignore[arg-type]
        dist = {0: 0}
        frontier = [0]
        while frontier:
            nxt = []
            for x in frontier:
                for m in movers:
                    for y in neighbours(c, m, x, improve=improve):
                        if y not in dist:
                            dist[y] = dist[x] + 1
                            nxt.append(y)
            frontier = nxt
        assert {s: int(d) for s, d in enumerate(r.distance) if d >= 0} == dist
        for target in dist:
            path = path_to(r, target)
            assert path is not None
            assert len(path) == dist[target] + 1
            for (_, a), (e, b) in itertools.pairwise(path):
                assert b in neighbours(c, movers[e], a, improve=improve)
        unreachable = [s for s in range(c.size) if s not in dist]
        for s in unreachable:
            assert path_to(r, s) is None
    with pytest.raises(ValueError, match="start state index"):
        reach_from(c, movers, c.size, improve=False)


def _pd() -> Compiled:
    return compile_conflict(
        Conflict(
            options=(Option(name="C1", dm=0), Option(name="C2", dm=1)),
            decision_makers=(
                DecisionMaker(name="One", options=(0,), statements=(Lit(1), Lit(0, False))),
                DecisionMaker(name="Two", options=(1,), statements=(Lit(0), Lit(1, False))),
            ),
        )
    )


def test_limited_move_prisoners_dilemma() -> None:
    """L_1 = Nash; with h = 2 mutual cooperation (state 4) becomes stable for both players:
    a defection is answered by the other's defection (Fang, Hipel & Kilgour 1993, ch. 4)."""
    c = _pd()
    nash = analyse(c, concepts=("nash",)).stable["nash"]
    assert (limited_move_stable(c, 1) == nash).all()
    l2 = limited_move_stable(c, 2)
    assert l2.astype(int).tolist() == [[1, 0, 1, 1], [1, 1, 0, 1]]
    g, _ = anticipated(c, 2)
    # One's anticipated end states: from YN One defects to NN and Two stays (G = NN); from YY a
    # defection to NY is answered by Two's defection to NN, worse for One, so One stays.
    assert g[0].tolist() == [0, 0, 2, 3]
    with pytest.raises(ValueError, match="horizon must be at least 1"):
        anticipated(c, 0)


def test_inverse_counts_prisoners() -> None:
    """Permuting all four ranking positions of both players (4!^2 = 576 profiles): mutual
    cooperation is Nash-stable for a player in exactly half of its 24 rankings (it must rank
    state 4 above the state its own defection leads to), so 12 * 12 = 144 profiles."""
    c = _pd()
    profiles = list(inverse(c, 3, {0: (0, 4), 1: (0, 4)}))
    assert len(profiles) == 576
    assert sum(p.equilibrium["nash"] for p in profiles) == 144
    for p in profiles:  # nesting holds profile by profile
        assert p.equilibrium["nash"] <= p.equilibrium["seq"] <= p.equilibrium["gmr"]
        assert p.equilibrium["nash"] <= p.equilibrium["smr"] <= p.equilibrium["gmr"]
    # the unchanged profile appears and matches a direct analysis
    base = tuple(tuple(ranking_groups(c, k)) for k in range(2))
    (same,) = [p for p in profiles if p.rankings == base]
    direct = analyse(c)
    assert same.equilibrium == {
        x: bool(direct.stable[x][:, 3].all()) for x in ("nash", "gmr", "seq", "smr")
    }
    with pytest.raises(ModelSizeError, match="more than 100 preference profiles"):
        list(inverse(c, 3, {0: (0, 4), 1: (0, 4)}, max_profiles=100))
    with pytest.raises(ValueError, match="outside its 4 groups"):
        list(inverse(c, 3, {0: (0, 5)}))


def test_payoff_override_keeps_numbering() -> None:
    """Inverse analysis swaps payoffs only; states and moves are shared."""
    c = _pd()
    cc = replace(c, payoffs=c.payoffs[::-1].copy())
    assert cc.codes is c.codes


def test_sequential_coalition_needs_feasible_steps() -> None:
    """Kilgour et al. (2001): a coalition moves by its members' unilateral moves, so it cannot
    jump NN -> YY when both one-step states are infeasible; a joint move (gmcr-py) can."""
    conflict = Conflict(
        options=(Option(name="a", dm=0), Option(name="b", dm=1), Option(name="c", dm=2)),
        decision_makers=(
            DecisionMaker(name="A", options=(0,), statements=(Lit(0), Lit(1))),
            DecisionMaker(name="B", options=(1,), statements=(Lit(1), Lit(0))),
            DecisionMaker(name="C", options=(2,), statements=(Lit(2),)),
        ),
        infeasible=(And((Lit(0), Lit(1, False))), And((Lit(0, False), Lit(1)))),
    )
    c = compile_conflict(conflict)
    groups = ((0, 1), (2,))
    joint = analyse(c, groups=groups, concepts=("nash",))
    seq = analyse(c, groups=groups, concepts=("nash",), coalition_moves="sequence")
    nn = c.index(0)
    assert not joint.stable["nash"][0, nn]  # NN -> YY is a joint improvement
    assert seq.stable["nash"][0, nn]  # but no member can move alone
    with pytest.raises(ModelSizeError, match="evaluated state by state"):
        analyse(c, groups=groups, coalition_moves="sequence", max_explicit_states=2)
