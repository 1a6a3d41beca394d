"""Unit tests of the .gmcr reader/writer and of the YAML gmcr: loader: every error is located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summitry.errors import InputError, ModelSizeError
from summitry.io.gmcr_py import conflict_to_gmcr, load_gmcr, parse_gmcr, save_gmcr
from summitry.workflows.gmcr import load_model, parse_state

GOOD = {
    "options": [
        {"name": "b", "permittedDirection": "both"},
        {"name": "a", "permittedDirection": "fwd"},
    ],
    "decisionMakers": [
        {
            "name": "P",
            "options": [1],
            "preferences": [[[0, "Y"]], {"compound": True, "members": [[[1, "N"]]]}],
        },
        {"name": "Q", "options": [0], "preferences": [[[1, "Y"]]]},
    ],
    "infeasibles": [],
    "useManualPreferenceRanking": False,
}


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        parse_gmcr(text, "x.gmcr")
    return [p.format() for p in info.value.problems]


def test_reorders_options_like_gmcr_py() -> None:
    """Options are re-ordered DM by DM (gmcr.md 1.7) and conditions follow their options."""
    conflict = parse_gmcr(json.dumps(GOOD), "x.gmcr")
    assert [o.name for o in conflict.options] == ["a", "b"]
    assert conflict.decision_makers[0].options == (0,)
    saved = conflict_to_gmcr(conflict)
    assert saved["options"][0] == {"name": "a", "permittedDirection": "fwd"}
    assert saved["decisionMakers"][0]["preferences"][0] == [[1, "Y"]]


def test_json_syntax_error_is_located() -> None:
    """A JSON syntax error gives the line and column."""
    (msg,) = problems('{"options": [\n  1,,\n]}')
    assert msg.startswith("x.gmcr:2:5: not valid JSON")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("options"), "x.gmcr:1:1: required key 'options' is missing"),
        (
            lambda d: d.pop("useManualPreferenceRanking"),
            "required key 'useManualPreferenceRanking' is missing",
        ),
        (
            lambda d: d["decisionMakers"][0]["preferences"].append([[7, "Y"]]),
            "decisionMakers.0.preferences.2.0: option index out of range; got 7",
        ),
        (
            lambda d: d["decisionMakers"][0]["preferences"].append([[0, "X"]]),
            "decisionMakers.0.preferences.2.0: not a literal",
        ),
        (
            lambda d: d["decisionMakers"][1].update(options=[0, 1]),
            "decisionMakers.1.options.1: option already controlled by DM 0",
        ),
        (
            lambda d: d["decisionMakers"][1].update(options=[]),
            "options.0: option is controlled by no decision maker; got 'b'",
        ),
        (
            lambda d: d["options"][0].update(permittedDirection="up"),
            "options.0.permittedDirection: unknown direction; got 'up'",
        ),
        (lambda d: d.update(coalitions=[[0, 0]]), "coalitions.0: DM listed in two coalitions"),
        (
            lambda d: d["decisionMakers"][0]["preferences"].append({"members": []}),
            "not a compound condition",
        ),
        (
            lambda d: d.update(useManualPreferenceRanking=True),
            "decisionMakers.0: manual ranking is missing",
        ),
    ],
)
def test_bad_files_give_located_problems(change: object, expected: str) -> None:
    """Each malformed part names its field path, value, expectation and fix."""
    data = json.loads(json.dumps(GOOD))
    change(data)  # type: ignore[operator]
    text = json.dumps(data, indent=1)
    found = problems(text)
    assert any(expected in m for m in found), found
    assert all("expected" in m and "Fix:" in m for m in found)


def test_manual_ranking_checks() -> None:
    """Rankings must list every state number once (gmcr.md 1.6)."""
    data = json.loads(json.dumps(GOOD))
    data["useManualPreferenceRanking"] = True
    data["decisionMakers"][0]["preferenceRanking"] = [1, [2, 3], 3, 9]
    data["decisionMakers"][1]["preferenceVector"] = [1, 2, 3]
    found = problems(json.dumps(data, indent=1))
    assert any("state 3 is ranked twice" in m for m in found)
    assert any("not a feasible state number; got 9" in m for m in found)
    assert any("ranking leaves states out; got [4]" in m for m in found)


def test_coalition_semantics() -> None:
    """Singleton coalitions and incomplete partitions mean every DM alone (gmcr.md 1.1)."""
    for raw in ([0, 1], [0]):
        data = {**GOOD, "coalitions": raw}
        assert parse_gmcr(json.dumps(data), "x.gmcr").coalitions is None
    data = {**GOOD, "coalitions": [[0, 1]]}
    assert parse_gmcr(json.dumps(data), "x.gmcr").coalitions == ((0, 1),)


def test_save_and_load(tmp_path: Path) -> None:
    """save_gmcr writes a file load_gmcr reads back identically."""
    conflict = parse_gmcr(json.dumps(GOOD), "x.gmcr")
    path = tmp_path / "m.gmcr"
    save_gmcr(conflict, path)
    again = load_gmcr(path)
    assert again.options == conflict.options
    assert conflict_to_gmcr(again) == conflict_to_gmcr(conflict)


YAML = """\
gmcr:
  options:
    R:
      X: "x"
    U:
      Z: "z"
  preferences:
    R: ["X & Z"]
    U: ["-X"]
  status_quo: {X: 0, Z: 0}
"""


def test_yaml_model_and_errors(tmp_path: Path) -> None:
    """A YAML gmcr: block loads; a bad condition is reported at its line and column."""
    good = tmp_path / "m.yaml"
    good.write_text(YAML)
    loaded = load_model(good)
    assert loaded.compiled.size == 4
    bad = tmp_path / "bad.yaml"
    bad.write_text(YAML.replace('["X & Z"]', '["X & Y"]'))
    with pytest.raises(InputError) as info:
        load_model(bad)
    (p,) = info.value.problems
    assert (p.line, p.col, p.path) == (8, 9, "gmcr.preferences.R.0")
    assert "unknown option 'Y'" in p.message
    typo = tmp_path / "typo.yaml"
    typo.write_text(YAML.replace("  status_quo", "  statusquo"))
    with pytest.raises(InputError) as info:
        load_model(typo)
    assert info.value.problems[0].format().startswith(f"{typo}:10:3: gmcr.statusquo: unknown field")
    none = tmp_path / "none.yaml"
    none.write_text("id: x\n")
    with pytest.raises(InputError, match="no gmcr: block"):
        load_model(none)
    ranking = tmp_path / "ranking.yaml"
    ranking.write_text(YAML.replace('U: ["-X"]', 'U: {ranking: ["X", "Z"]}'))
    with pytest.raises(InputError) as info:
        load_model(ranking)
    assert info.value.problems[0].path == "gmcr.preferences.U.ranking.1"
    infeasible_sq = tmp_path / "sq.yaml"
    infeasible_sq.write_text(YAML + '  infeasible: ["-X & -Z"]\n')
    with pytest.raises(InputError, match="status quo is an infeasible state"):
        load_model(infeasible_sq)
    with pytest.raises(ModelSizeError):
        load_model(good, max_states=2)


def test_parse_state(tmp_path: Path) -> None:
    """States are given as numbers or YN strings; anything else is a located CLI problem."""
    good = tmp_path / "m.yaml"
    good.write_text(YAML)
    c = load_model(good).compiled
    assert parse_state("3", c) == 2
    assert parse_state("NY", c) == 2
    for text, message in (("0", "no such state"), ("NYY", "not a state"), ("x", "not a state")):
        with pytest.raises(InputError, match=message) as info:
            parse_state(text, c)
        assert info.value.problems[0].path == "--status-quo"


def test_hypotheses_without_status_quo(tmp_path: Path) -> None:
    """Hypotheses that compare with the status quo are undetermined without one; the others
    are computed; a scenario's other top-level keys are ignored by the GMCR loader."""
    from summitry.workflows.gmcr import run

    text = YAML.replace("  status_quo: {X: 0, Z: 0}\n", "")
    text = (
        "id: demo\ntitle: other sections are ignored\n"
        + text
        + (
            "  hypotheses:\n"
            "    P: {text: 'R prefers', check: prefers, dms: [R]}\n"
            "    E: {text: 'all-N is Nash', check: equilibrium, concepts: [nash]}\n"
        )
    )
    path = tmp_path / "h.yaml"
    path.write_text(text)
    report = run(load_model(path))
    by_key = {h.key: h for h in report.hypotheses}
    assert by_key["P"].holds is None
    assert by_key["P"].detail["note"] == "the model has no status quo to compare with"
    assert by_key["E"].state == 0
    # at NN neither DM gains: R's X alone does not make "X & Z" true, U's Z does not touch "-X"
    assert by_key["E"].holds is True
    assert by_key["E"].detail["equilibrium"] == {"nash": True}
