"""Unit tests of the Decide CSV reader's error cases (summitry.io.decide)."""

from __future__ import annotations

import datetime as dt

import pytest

from summitry.errors import InputError
from summitry.io.decide import decide_to_scenario, parse_decide

GOOD = (
    "'#A'\t'A 1'\t'Actor one'\t''\n"
    "'#A'\t'B'\t'B'\t'x'\n"
    "'#P'\t'p'\t'Issue p'\t''\n"
    "'#M'\t'p'\t0\t'low'\n"
    "'#M'\t'p'\t10\t'high'\n"
    "'#D'\t'A 1'\t'p'\t2.5\t0.5\t0.3\n"
    "'#D'\t'B'\t'p'\t10\t1.0\t0.7\n"
)


def _messages(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        parse_decide(text, "f.csv")
    return [p.format() for p in info.value.problems]


def test_good_file_imports_with_rescaling_and_safe_ids() -> None:
    """Positions rescaled from the #M range; invalid ids made valid, originals recorded."""
    doc = decide_to_scenario(parse_decide(GOOD, "f.csv"), as_of=dt.date(2020, 1, 1))
    assert doc["positions"]["A_1"]["p"] == {"ideal": 25.0, "salience": 0.5}
    assert doc["conventions"]["decide.actor.A_1"] == "A 1"
    assert doc["issues"]["p"]["native_range"] == [0.0, 10.0]
    assert doc["horizon"] == dt.date(2020, 12, 31)


def test_unknown_actor_and_issue() -> None:
    """#D rows naming undeclared actors or issues are located errors."""
    msgs = _messages(GOOD + "'#D'\t'C'\t'q'\t1\t1\t1\n")
    assert msgs[0].startswith("f.csv:8:6: D.C.q: unknown actor; got 'C'")
    assert msgs[1].startswith("f.csv:8:10: D.C.q: unknown issue; got 'q'")


def test_non_numeric_and_missing_fields() -> None:
    """Non-numeric salience and a missing power are reported with their columns."""
    msgs = _messages(GOOD.replace("2.5\t0.5\t0.3", "2.5\tmuch\t0.3").replace("\t1.0\t0.7", "\t1.0"))
    assert msgs[0].startswith("f.csv:6:20: D.A 1.p.salience: salience is not a number; got 'much'")
    assert msgs[1].startswith("f.csv:7:20: D.B.p.power: missing power")


def test_duplicates_and_unknown_tag() -> None:
    """A repeated #D row and an unknown tag are errors."""
    msgs = _messages(GOOD + "'#D'\t'B'\t'p'\t5\t1.0\t0.7\n#X\tfoo\n")
    assert "actor has two #D rows for the same issue" in msgs[0]
    assert "first on line 7" in msgs[0]
    assert msgs[1].startswith("f.csv:9:1: unknown row type; got '#X'")


def test_salience_out_of_range_and_empty_scale() -> None:
    """Salience above 100 and a single-point #M scale are refused."""
    msgs = _messages(GOOD.replace("0.5\t0.3", "150\t0.3") + "'#P'\t'r'\t'r'\n'#M'\t'r'\t5\n")
    assert any("salience out of range; got 150.0" in m for m in msgs)
    assert any("issue scale is empty" in m for m in msgs)


def test_per_issue_power_kept_in_conventions_and_used() -> None:
    """An actor whose power differs between issues: capability = its largest power, per-issue
    powers in conventions; the spatial arrays and the exporter use them."""
    from summitry.io.decide import format_decide, scenario_to_decide
    from summitry.model.scenario import Scenario
    from summitry.workflows.spatial import spatial_data

    text = GOOD + "'#P'\t'r'\t'r'\n'#D'\t'B'\t'r'\t40\t0.5\t0.2\n"
    data = parse_decide(text, "f.csv")
    doc = decide_to_scenario(data, as_of=dt.date(2020, 1, 1))
    assert doc["actors"]["B"]["capability"] == 0.7
    assert doc["conventions"]["decide.power.B.r"] == "0.2"
    scenario = Scenario.model_validate(doc)
    arrays = spatial_data(scenario)
    b, r = arrays.actors.index("B"), arrays.issues.index("r")
    assert arrays.power[b, r] == 0.2
    back = parse_decide(format_decide(scenario_to_decide(scenario)), "back.csv")
    assert back.values() == data.values()
