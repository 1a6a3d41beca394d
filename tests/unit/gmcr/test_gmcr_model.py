"""Unit tests of the GMCR model: condition syntax, the gmcr: block, conflict validation."""

from __future__ import annotations

import numpy as np
import pytest

from summitry.model.gmcr import (
    And,
    Conflict,
    DecisionMaker,
    Direction,
    ExprError,
    GmcrBlock,
    GmcrSpecError,
    Lit,
    Not,
    Option,
    Or,
    block_to_conflict,
    canonical_order,
    evaluate,
    format_expr,
    parse_expr,
    to_dnf,
)

NAMES = {"A": 0, "B": 1, "C": 2}
ALL = np.arange(8, dtype=np.int64)


def truth(text: str) -> list[bool]:
    return evaluate(parse_expr(text, NAMES), ALL).tolist()


def bits(fn: object) -> list[bool]:
    return [bool(fn(c & 1, (c >> 1) & 1, (c >> 2) & 1)) for c in range(8)]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("text", "fn"),
    [
        ("A", lambda a, b, c: a),
        ("-A", lambda a, b, c: not a),
        ("A=0", lambda a, b, c: not a),
        ("B=Y", lambda a, b, c: b),
        ("A & B | C", lambda a, b, c: (a and b) or c),
        ("A & (B | C)", lambda a, b, c: a and (b or c)),
        ("not (A or B)", lambda a, b, c: not (a or b)),
        ("A iff B", lambda a, b, c: a == b),
        ("A <-> -B", lambda a, b, c: a != b),
        ("A -> B", lambda a, b, c: (not a) or b),
        ("B if A", lambda a, b, c: (not a) or b),
        ("FORCE_free, A, -C".replace("FORCE_free, ", ""), lambda a, b, c: a and not c),
        ("C iff (A & B)", lambda a, b, c: c == (a and b)),
        ("true", lambda a, b, c: True),
        ("false | A", lambda a, b, c: a),
        ("!A & ~B", lambda a, b, c: not a and not b),
    ],
)
def test_parse_expr_semantics(text: str, fn: object) -> None:
    """Each operator means what docs/gmcr.md says (truth table over 3 options)."""
    assert truth(text) == bits(fn)


@pytest.mark.parametrize(
    ("text", "pos", "match"),
    [
        ("A & D", 4, "unknown option 'D'"),
        ("A &", 3, "expected an option name"),
        ("(A | B", 6, "missing"),
        ("A = 2", 4, "expected 0 or 1"),
        ("A $ B", 2, "unexpected character"),
        ("   ", 0, "empty condition"),
        ("A B", 2, "unexpected 'B'"),
    ],
)
def test_parse_expr_errors(text: str, pos: int, match: str) -> None:
    """Syntax errors name the character position."""
    with pytest.raises(ExprError, match=match) as info:
        parse_expr(text, NAMES)
    assert info.value.pos == pos


def test_format_and_dnf_round_trip() -> None:
    """format_expr re-parses to the same truth table; to_dnf is an exact OR of minterms."""
    for text in ("A & -B", "A iff C", "not (A | B) | C", "true", "false"):
        expr = parse_expr(text, NAMES)
        again = parse_expr(format_expr(expr, ["A", "B", "C"]), NAMES)
        assert evaluate(again, ALL).tolist() == evaluate(expr, ALL).tolist()
        dnf = Or(tuple(And(tuple(term)) for term in to_dnf(expr)))
        assert evaluate(dnf, ALL).tolist() == evaluate(expr, ALL).tolist()
    assert format_expr(Not(Lit(0)), ["A"]) == "not (-A)".replace("-A", "A")


def test_canonical_order_matches_gmcr_py() -> None:
    """gmcr.md 1.7: options DM by DM in each DM's listed order; repeats keep the first place."""
    assert canonical_order([[2, 0], [1], [3, 0]]) == [2, 0, 1, 3]


def _two_dm(**kw: object) -> Conflict:
    return Conflict(
        options=(Option(name="a", dm=0), Option(name="b", dm=1)),
        decision_makers=(
            DecisionMaker(name="P", options=(0,), statements=(Lit(1),)),
            DecisionMaker(name="Q", options=(1,), statements=(Lit(0),)),
        ),
        **kw,  # type: ignore[arg-type]
    )


def test_conflict_validation() -> None:
    """Bad structure is refused when the object is built, with what/expected in the message."""
    assert _two_dm().n_options == 2
    with pytest.raises(ValueError, match="coalitions must partition"):
        _two_dm(coalitions=((0,),))
    with pytest.raises(ValueError, match="option index 5"):
        _two_dm(infeasible=(Lit(5),))
    with pytest.raises(ValueError, match="status quo code 9"):
        _two_dm(status_quo=9)
    with pytest.raises(ValueError, match="grouped DM by DM"):
        Conflict(
            options=(Option(name="a", dm=0), Option(name="b", dm=1)),
            decision_makers=(
                DecisionMaker(name="P", options=(1,), statements=()),
                DecisionMaker(name="Q", options=(0,), statements=()),
            ),
        )
    with pytest.raises(ValueError, match="exactly one of statements and ranking"):
        DecisionMaker(name="P", options=(0,))
    with pytest.raises(ValueError, match="owned by no decision maker"):
        Conflict(
            options=(Option(name="a", dm=0), Option(name="b", dm=0)),
            decision_makers=(DecisionMaker(name="P", options=(0,), statements=()),),
        )


BLOCK = {
    "decision_makers": ["R", "U"],
    "options": {"R": {"X": "x", "Y": {"label": "y", "direction": "fwd"}}, "U": {"Z": "z"}},
    "infeasible": ["X & Z", {"at_least_one": ["X", "Y", "Z"]}],
    "irreversible": [{"option": "Z", "direction": "0 -> 1"}],
    "status_quo": {"X": 0, "Y": 1, "Z": 0},
    "preferences": {"R": ["Y", "-Z"], "U": {"ranking": ["Z", "-Z"]}},
    "coalitions": [["R", "U"]],
}


def test_block_to_conflict() -> None:
    """A valid block: option order, directions (irreversible: blocked move), conditions."""
    conflict = block_to_conflict(GmcrBlock.model_validate(BLOCK))
    assert [o.name for o in conflict.options] == ["X", "Y", "Z"]
    assert [o.direction for o in conflict.options] == [
        Direction.BOTH,
        Direction.FWD,
        Direction.BACK,
    ]
    assert conflict.status_quo == 2
    assert conflict.coalitions == ((0, 1),)
    feasible = ~np.any([evaluate(e, ALL) for e in conflict.infeasible], axis=0)
    assert np.nonzero(feasible)[0].tolist() == [1, 2, 3, 4, 6]


def test_block_violations_are_located() -> None:
    """Every cross-field mistake comes back with its field path."""
    bad = {
        **BLOCK,
        "infeasible": ["X & Q", {"at_most_one": ["X", "W"]}, {}],
        "irreversible": [{"option": "W", "direction": "1 -> 0"}],
        "preferences": {"R": ["Y"], "V": ["X"]},
        "status_quo": {"X": 0, "Y": 1},
        "coalitions": [["R", "R"]],
    }
    with pytest.raises(GmcrSpecError) as info:
        block_to_conflict(GmcrBlock.model_validate(bad))
    locs = {v.loc: v.message for v in info.value.violations}
    assert "condition not understood at character 5" in locs[("gmcr", "infeasible", 0)]
    assert locs[("gmcr", "infeasible", 1, "at_most_one")] == "unknown option"
    assert "exactly one of" in locs[("gmcr", "infeasible", 2)]
    assert locs[("gmcr", "irreversible", 0, "option")] == "unknown option"
    assert locs[("gmcr", "preferences", "V")] == "unknown DM"
    assert locs[("gmcr", "preferences")] == "no preferences for DM 'U'"
    assert locs[("gmcr", "coalitions", 0)] == "DM in two coalitions"


def test_block_status_quo_must_set_every_option() -> None:
    """A partial status quo is refused with the missing options named in the fix."""
    with pytest.raises(GmcrSpecError) as info:
        block_to_conflict(GmcrBlock.model_validate({**BLOCK, "status_quo": {"X": 1}}))
    (v,) = info.value.violations
    assert v.loc == ("gmcr", "status_quo")
    assert v.value == ["Y", "Z"]
    assert "Y: 0" in v.fix
