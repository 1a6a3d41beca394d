"""Bad inputs for the error-message tests: each case edits the valid tests/data/base.yaml."""

from __future__ import annotations

from collections.abc import Callable

Edit = Callable[[str], str | bytes]


def sub(old: str, new: str) -> Edit:
    """Replace one exact snippet of the base file (which must occur exactly once)."""

    def edit(text: str) -> str:
        assert text.count(old) == 1, old
        return text.replace(old, new)

    return edit


def correlated(inputs: str, matrix: str) -> Edit:
    """Three uncertain inputs (A's and B's cost, A's salience on Y) and a correlations block."""

    def edit(text: str) -> str:
        text = str(
            sub("why: war is costly}, B: 10}", "why: war is costly}, B: {range: [0, 20]}}")(text)
        )
        text = str(
            sub("Y: {ideal: 100, salience: 0.4}", "Y: {ideal: 100, salience: {range: [0.3, 0.5]}}")(
                text
            )
        )
        return text + f"correlations:\n  inputs: [{inputs}]\n  matrix: {matrix}\n"

    return edit


COSTS = "disagreement.cost.A.value, disagreement.cost.B.value"

CASES: dict[str, Edit] = {
    "yaml_syntax": sub("title: Demo dispute", "title: [Demo dispute"),
    "duplicate_key": sub("title: Demo dispute", "title: Demo dispute\ntitle: Again"),
    "unknown_field": sub("{name: Alpha,", "{name: Alpha, colour: red,"),
    "missing_field": sub("title: Demo dispute\n", ""),
    "wrong_type": sub("capability: 2}", "capability: lots}"),
    "nan": sub("capability: 2}", "capability: .nan}"),
    "inf": sub("capability: 2}", "capability: .inf}"),
    "negative_salience": sub("ideal: 100, salience: 0.4", "ideal: 100, salience: -0.4"),
    "saliences_zero": lambda text: text.replace("salience: 0.6", "salience: 0").replace(
        "salience: 0.4", "salience: 0"
    ),
    "ideal_off_scale": sub("ideal: 100, salience: 0.6", "ideal: 120, salience: 0.6"),
    "reservation_wrong_side": sub(
        "ideal: 100, salience: 0.6, reservation: 60", "ideal: 80, salience: 0.6, reservation: 90"
    ),
    "unknown_actor_in_positions": sub("  B:\n    X: {ideal: 0", "  C:\n    X: {ideal: 0"),
    "unknown_issue_in_positions": sub(
        "    Y: {ideal: 0, salience: 0.5}", "    Z: {ideal: 0, salience: 0.5}"
    ),
    "duplicate_id": sub("  M: {name: Mediator", "  A: {name: Mediator"),
    "cite_missing_sentence": sub("cite: src:L3.s1}", "cite: src:L3.s9}"),
    "cite_unknown_key": sub("cite: [K1, src:L3.s3]", "cite: [K2, src:L3.s3]"),
    "range_lo_gt_hi": sub("salience: 0.4}", "salience: {range: [0.6, 0.2]}}"),
    "triangular_unordered": sub("{triangular: [5, 10, 15]}", "{triangular: [5, 20, 15]}"),
    "normal_sd_zero": sub("{triangular: [5, 10, 15]}", "{normal: {mean: 10, sd: 0}}"),
    "unknown_uncertainty_kind": sub("{triangular: [5, 10, 15]}", "{lognormal: [1, 2]}"),
    "veto_unknown_signatory": sub("signatories: [A, B]", "signatories: [A, C]"),
    "ratifier_refers_to_nothing": sub("{actor: B, name: Parliament", "{actor: Q, name: Parliament"),
    "ratifier_unknown_issue": sub("conditions: {X: {max: 45}}", "conditions: {W: {max: 45}}"),
    "hard_without_bound": sub("reservation: 40, hard: true", "hard: true"),
    "reservation_and_acceptable": sub(
        "reservation: 60,", "reservation: 60, acceptable: [60, 100],"
    ),
    "acceptable_excludes_ideal": sub("reservation: 60,", "acceptable: [10, 60],"),
    "horizon_before_as_of": sub("horizon: 2026-01-01", "horizon: 2024-01-01"),
    "bad_date": sub("as_of: 2025-01-01", "as_of: 2025-13-45"),
    "bad_enum": sub("kind: belligerent, capability: 1", "kind: tribe, capability: 1"),
    "bad_id": sub("  A: {name: Alpha", "  1A: {name: Alpha"),
    "probability_above_one": sub("compliance: {A: 0.8", "compliance: {A: 1.5"),
    "side_value_not_party": sub("value: {A: 1, B: 2}", "value: {A: 1, B: 2, M: 3}"),
    "top_level_list": lambda text: "- just\n- a list\n",
    "empty_file": lambda text: "",
    "comments_only": lambda text: "# nothing here\n",
    "binary_file": lambda text: b"id: demo\x00\x01\x02",
    "not_utf8": lambda text: "id: d\u00e9mo\n".encode("latin-1"),
    "correlation_not_psd": correlated(
        f"{COSTS}, positions.A.Y.salience", "[[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]"
    ),
    "correlation_unknown_input": correlated(
        "disagreement.cost.A, disagreement.cost.B.value", "[[1, 0.5], [0.5, 1]]"
    ),
    "correlation_not_symmetric": correlated(COSTS, "[[1, 0.5], [0.3, 1]]"),
    "correlation_not_square": correlated(COSTS, "[[1, 0.5], [0.5, 1], [0, 0]]"),
    "correlation_diagonal_not_one": correlated(COSTS, "[[1, 0.5], [0.5, 0.5]]"),
    "correlation_out_of_range": correlated(COSTS, "[[1, -1.5], [-1.5, 1]]"),
}
