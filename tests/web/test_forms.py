"""The editor's form view: slider fields, in-place YAML edits, variant diffs."""

from __future__ import annotations

import pytest

from summitry.errors import InputError
from summitry.web.forms import form_fields, parse_text, patch_yaml, variant_changes

TEXT = """\
# a comment that must survive
positions:
  A:
    X:  {ideal: 100, salience: 0.5, reservation: {triangular: [50, 60, 100]}}  # aligned
    Y:
      ideal: 20
      salience: 0.5
      reservation: {range: [30, 50]}
disagreement:
  cost:
    A: {value: {normal: {mean: 10, sd: 2}}, why: "x"}
commitment:
  trust:
    A: {B: 0.25}
"""


def test_fields_list_point_values_in_file_order() -> None:
    fields = form_fields(parse_text(TEXT))
    got = [(".".join(f["path"]), f["value"], f["spec"], f["line"]) for f in fields]
    assert got == [
        ("positions.A.X.ideal", 100.0, "number", 4),
        ("positions.A.X.reservation", 60.0, "triangular", 4),
        ("positions.A.X.salience", 0.5, "number", 4),
        ("positions.A.Y.ideal", 20.0, "number", 6),
        ("positions.A.Y.reservation", 40.0, "range", 8),
        ("positions.A.Y.salience", 0.5, "number", 7),
        ("disagreement.cost.A.value", 10.0, "normal", 11),
        ("commitment.trust.A.B", 0.25, "number", 14),
    ]


def test_patch_keeps_everything_else_byte_for_byte() -> None:
    new = patch_yaml(TEXT, [(["positions", "A", "X", "reservation"], 40.0)])
    want = TEXT.replace("[50, 60, 100]", "[40, 40, 100]")
    assert new == want


@pytest.mark.parametrize(
    ("path", "value", "old", "new"),
    [
        (["positions", "A", "X", "salience"], 0.75, "salience: 0.5, res", "salience: 0.75, res"),
        (["positions", "A", "X", "reservation"], 70, "[50, 60, 100]", "[50, 70, 100]"),
        (["positions", "A", "Y", "ideal"], 25, "ideal: 20", "ideal: 25"),
        (["positions", "A", "Y", "reservation"], 45, "{range: [30, 50]}", "{range: [35, 55]}"),
        (
            ["disagreement", "cost", "A", "value"],
            12.5,
            "{normal: {mean: 10, sd: 2}}",
            "{normal: {mean: 12.5, sd: 2}}",
        ),
        (["commitment", "trust", "A", "B"], 0.3, "{B: 0.25}", "{B: 0.3}"),
    ],
)
def test_patch_each_form(path: list[str | int], value: float, old: str, new: str) -> None:
    assert patch_yaml(TEXT, [(path, value)]) == TEXT.replace(old, new, 1)


def test_patch_block_style_value_falls_back_to_round_trip() -> None:
    text = "a:\n  b:\n    triangular: [1, 2, 3]\n"
    out = patch_yaml(text, [(["a", "b"], 5)])
    assert parse_text(out)["a"]["b"] == {"triangular": [1, 5, 5]}


def test_patch_unknown_path_and_bad_yaml() -> None:
    with pytest.raises(InputError, match=r"no such field in the scenario"):
        patch_yaml(TEXT, [(["positions", "Z", "X", "ideal"], 1)])
    with pytest.raises(InputError, match=r"^<editor>:2:1: YAML syntax error"):
        patch_yaml("a: [1,\n", [(["a"], 1)])


def test_variant_changes_are_leaf_paths() -> None:
    base = parse_text(TEXT)
    edited = parse_text(
        patch_yaml(
            TEXT,
            [(["positions", "A", "X", "reservation"], 40), (["commitment", "trust", "A", "B"], 1)],
        ).replace("{B: 1}", "{B: 1, C: 0.5}")
    )
    assert variant_changes(base, edited) == [
        {"path": "positions.A.X.reservation.triangular", "value": [40, 40, 100]},
        {"path": "commitment.trust.A", "value": {"B": 1, "C": 0.5}},
    ]
    assert variant_changes(base, parse_text(TEXT)) == []
