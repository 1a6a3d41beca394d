"""Unit tests of state enumeration, numbering, payoffs and size limits."""

from __future__ import annotations

import numpy as np
import pytest

from summitry.engines.gmcr.states import RankingError, compile_conflict, lexicographic_payoffs
from summitry.errors import ModelSizeError
from summitry.model.gmcr import And, Conflict, DecisionMaker, Lit, Option, Or


def prisoners() -> Conflict:
    """gmcr.md 1.5 worked example (Prisoners.gmcr)."""
    return Conflict(
        options=(Option(name="C1", dm=0), Option(name="C2", dm=1)),
        decision_makers=(
            DecisionMaker(name="One", options=(0,), statements=(Lit(1), Lit(0, False))),
            DecisionMaker(name="Two", options=(1,), statements=(Lit(0), Lit(1, False))),
        ),
    )


def test_prioritisation_worked_example() -> None:
    """gmcr.md 1.5: raw scores 1,0,3,2 and 1,3,0,2 give payoffs 2,1,4,3 and 2,4,1,3."""
    c = compile_conflict(prisoners())
    assert c.codes.tolist() == [0, 1, 2, 3]
    assert c.payoffs.tolist() == [[2, 1, 4, 3], [2, 4, 1, 3]]


def test_lexicographic_ties_and_empty() -> None:
    """Dense ranks with ties; no statements means all states tie at payoff 1."""
    truth = np.array([[True, False, True, False], [False, False, False, True]])
    assert lexicographic_payoffs(truth).tolist() == [3, 1, 3, 2]
    assert lexicographic_payoffs(np.zeros((0, 3), dtype=bool)).tolist() == [1, 1, 1]


def test_numbering_skips_infeasible_codes() -> None:
    """gmcr.md 1.7 example: Elmira's feasible codes are 2,3,4,5,8,9,18,...,25."""
    names = [("Modify", 0), ("Delay", 1), ("Accept", 1), ("Abandon", 1), ("Insist", 2)]
    one = [Lit(1), Lit(2), Lit(3)]
    infeasible = (
        And((one[0], one[1])),
        And((one[0], one[2])),
        And((one[1], one[2])),
        And((Lit(1, False), Lit(2, False), Lit(3, False))),
    )
    conflict = Conflict(
        options=tuple(Option(name=n, dm=d) for n, d in names),
        decision_makers=(
            DecisionMaker(name="MoE", options=(0,), statements=()),
            DecisionMaker(name="U", options=(1, 2, 3), statements=()),
            DecisionMaker(name="LG", options=(4,), statements=()),
        ),
        infeasible=infeasible,
    )
    c = compile_conflict(conflict)
    assert c.codes.tolist() == [2, 3, 4, 5, 8, 9, 18, 19, 20, 21, 24, 25]
    assert c.index(21) == 9
    assert c.index(0) == -1
    assert c.index(99) == -1
    assert conflict.yn(21) == "YNYNY"


def _ranked(ranking: tuple[object, ...]) -> Conflict:
    return Conflict(
        options=(Option(name="a", dm=0), Option(name="b", dm=1)),
        decision_makers=(
            DecisionMaker(name="P", options=(0,), ranking=ranking),  # type: ignore[arg-type]
            DecisionMaker(name="Q", options=(1,), statements=()),
        ),
    )


def test_manual_ranking_payoffs() -> None:
    """gmcr.md 1.6: payoff = N - position; a tie group shares it."""
    c = compile_conflict(
        _ranked((And((Lit(0), Lit(1))), Or((Lit(0, False),)), And((Lit(0), Lit(1, False)))))
    )
    assert c.payoffs[0].tolist() == [3, 2, 3, 4]


@pytest.mark.parametrize(
    ("ranking", "message", "group"),
    [
        ((Lit(0), Lit(1)), "states listed in two tie groups", 1),
        ((Lit(0),), "ranking leaves feasible states out", None),
        ((Lit(0), And((Lit(0), Lit(0, False))), Lit(0, False)), "matches no feasible state", 1),
    ],
)
def test_manual_ranking_errors(
    ranking: tuple[object, ...], message: str, group: int | None
) -> None:
    """A ranking must cover every feasible state exactly once."""
    with pytest.raises(RankingError, match=message) as info:
        compile_conflict(_ranked(ranking))
    assert info.value.group == group


def test_size_limits() -> None:
    """Too many options or states: a clear ModelSizeError before any large allocation."""
    with pytest.raises(ModelSizeError, match="model has 2 options; the limit is 1"):
        compile_conflict(prisoners(), max_options=1)
    with pytest.raises(ModelSizeError, match="more than 3 feasible states"):
        compile_conflict(prisoners(), max_states=3)
