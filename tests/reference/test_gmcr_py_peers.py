"""Reference tests against gmcr-py 0.4.1 on its four example conflicts.

Oracle: ``../shared/peers/gmcr-py/expected/*.json`` (``gmcr.md`` sections 6-7): state numbers,
decimal codes, YN strings, payoffs, per-DM stabilities and equilibria, both under the textbook
definitions (Fang, Hipel & Kilgour 1993: opponents sanction by any legal sequence) and under
gmcr-py's own chain rule (``--compat gmcr-py``). All comparisons are exact (enumeration).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summitry.engines.gmcr import analyse, compile_conflict
from summitry.io.gmcr_py import conflict_to_gmcr, load_gmcr, parse_gmcr

PEERS = Path(__file__).resolve().parents[2] / ".." / "shared" / "peers" / "gmcr-py"
pytestmark = pytest.mark.skipif(
    not PEERS.is_dir(), reason="peer data ../shared/peers/gmcr-py not present"
)
EXAMPLES = ["Elmira", "Garrison", "MilkRiver", "Prisoners"]
CONCEPTS = ["Nash", "GMR", "SEQ", "SMR", "SIM"]


def _expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PEERS / "expected" / f"{name}.json").read_text())
    return data


@pytest.mark.parametrize("name", EXAMPLES)
def test_states_and_payoffs(name: str) -> None:
    """State numbers, decimal codes, YN strings and payoffs equal gmcr-py's (gmcr.md 7)."""
    exp = _expected(name)
    conflict = load_gmcr(PEERS / f"{name}.gmcr")
    c = compile_conflict(conflict)
    got = [
        {"number": k + 1, "decimal": int(code), "yn": conflict.yn(int(code))}
        for k, code in enumerate(c.codes)
    ]
    assert got == exp["states"]
    assert [dm.name for dm in conflict.decision_makers] == [
        d["name"] for d in exp["decision_makers"]
    ]
    for k, dm in enumerate(exp["decision_makers"]):
        assert c.payoffs[k].tolist() == dm["payoffs"], dm["name"]
    assert [o.direction.value for o in conflict.options] == [
        o["permittedDirection"] for o in exp["options"]
    ]


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize(("rule", "key"), [("textbook", "textbook"), ("gmcr-py", "gmcr_py")])
def test_stabilities_and_equilibria(name: str, rule: str, key: str) -> None:
    """Per-DM Nash/GMR/SEQ/SMR/SIM flags and equilibria equal the expected file exactly."""
    exp = _expected(name)[key]
    res = analyse(compile_conflict(load_gmcr(PEERS / f"{name}.gmcr")), rule=rule)  # type: ignore[arg-type]
    for concept in CONCEPTS:
        assert res.stable[concept.lower()].astype(int).tolist() == exp["stable_per_dm"][concept], (
            concept
        )
        assert (res.equilibria(concept.lower()) + 1).tolist() == exp["equilibria"][concept]
    if rule == "gmcr-py":
        assert (res.equilibria("seq&sim") + 1).tolist() == exp["equilibria"]["SEQ&SIM"]


def test_garrison_textbook_adds_state_6() -> None:
    """gmcr.md 7.2: the textbook rule makes Garrison state 6 GMR/SMR-stable for Canadian
    Opposition (a legal sequence in which a DM moves twice, not in a row), gmcr-py's chain not."""
    c = compile_conflict(load_gmcr(PEERS / "Garrison.gmcr"))
    book = analyse(c, rule="textbook", concepts=("gmr", "smr"))
    chain = analyse(c, rule="gmcr-py", concepts=("gmr", "smr"))
    for concept in ("gmr", "smr"):
        assert 5 in book.equilibria(concept).tolist()
        assert 5 not in chain.equilibria(concept).tolist()
        assert bool(book.stable[concept][2, 5])
        assert not bool(chain.stable[concept][2, 5])


@pytest.mark.parametrize("name", EXAMPLES)
def test_export_round_trip(name: str) -> None:
    """Writing a model as .gmcr and reading it back gives the same states, payoffs, verdicts."""
    conflict = load_gmcr(PEERS / f"{name}.gmcr")
    c = compile_conflict(conflict)
    again = parse_gmcr(json.dumps(conflict_to_gmcr(conflict, c)), f"{name}-copy.gmcr")
    c2 = compile_conflict(again)
    assert c2.codes.tolist() == c.codes.tolist()
    assert c2.payoffs.tolist() == c.payoffs.tolist()
    r1, r2 = analyse(c), analyse(c2)
    for concept in ("nash", "gmr", "seq", "smr", "sim"):
        assert (r1.stable[concept] == r2.stable[concept]).all()


def test_elmira_coalition_moe_uniroyal() -> None:
    """gmcr.md 1.9: with MoE and Uniroyal merged, Nash equilibria become {5,6,9,10,11,12}
    (state 7 is left for the joint improvement to state 10, the historical outcome)."""
    c = compile_conflict(load_gmcr(PEERS / "Elmira.gmcr"))
    res = analyse(c, groups=((0, 1), (2,)), concepts=("nash",))
    assert (res.equilibria("nash") + 1).tolist() == [5, 6, 9, 10, 11, 12]
