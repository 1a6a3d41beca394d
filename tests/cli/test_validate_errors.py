"""Every user error names file:line:column, the field path, the value, what was expected and the
fix; exit status 2; no traceback. Each case edits the valid tests/data/base.yaml (see _cases.py)
and the whole message is compared exactly (the Typer rule: test the exact text)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry.cli.main import app
from summitry.io.yamlfile import MAX_FILE_BYTES

from ._cases import CASES

DATA = Path(__file__).resolve().parents[1] / "data"
runner = CliRunner()

EXPECTED = {
    "yaml_syntax": [
        "case.yaml:4:6: YAML syntax error: expected ',' or ']', but got ':'; expected valid YAML. Fix: check indentation, colons and quotes near this position",
    ],
    "duplicate_key": [
        "case.yaml:4:1: duplicate key 'title'; expected each key once per mapping. Fix: remove or rename the repeated key",
    ],
    "unknown_field": [
        "case.yaml:10:20: actors.A.colour: unknown field 'colour'; expected one of name, kind, capability, implicit, deal_bonus, why, cite, note. Fix: remove it or correct its spelling",
    ],
    "missing_field": [
        "case.yaml:2:1: required field 'title' is missing; expected a title: entry. Fix: add title: to this mapping",
    ],
    "wrong_type": [
        "case.yaml:11:50: actors.B.capability: not a number or uncertainty spec; got 'lots'; expected a number, {range: [lo, hi]}, {triangular: [lo, mode, hi]}, {normal: {mean: m, sd: s}} or {beta: {a: a, b: b}}. Fix: write a number such as 42",
    ],
    "nan": [
        "case.yaml:11:50: actors.B.capability: the value is not a finite number; got nan; expected a finite number (not .nan or .inf). Fix: replace the value by a finite number",
    ],
    "inf": [
        "case.yaml:11:50: actors.B.capability: the value is not a finite number; got inf; expected a finite number (not .nan or .inf). Fix: replace the value by a finite number",
    ],
    "negative_salience": [
        "case.yaml:18:31: positions.A.Y.salience: salience -0.4 is out of range; got -0.4; expected salience >= 0. Fix: give a salience >= 0",
    ],
    "saliences_zero": [
        "case.yaml:16:3: positions.A: saliences cannot be normalised: they sum to 0; got 0.0; expected at least one positive salience per actor. Fix: give the issues that matter to this actor a salience above 0",
    ],
    "ideal_off_scale": [
        "case.yaml:17:16: positions.A.X.ideal: position 120 is out of range; got 120; expected position in [0, 100]. Fix: give a position within [0, 100]",
    ],
    "reservation_wrong_side": [
        "case.yaml:17:48: positions.A.X.reservation: reservation is on the wrong side of the ideal 80: the actor would refuse its own ideal; got 90.0; expected a reservation <= 80 (concessions run from the ideal towards 0). Fix: give the furthest value towards 0 the actor accepts",
    ],
    "unknown_actor_in_positions": [
        "case.yaml:19:3: positions.C: unknown actor; got 'C'; expected a declared actor (A, B). Fix: declare the actor under actors: or correct the id",
        "case.yaml:26:16: veto.signatories: signatory 'B' has no positions; got 'B'; expected a positions entry for every signatory. Fix: add positions: B: with its ideal points and saliences",
    ],
    "unknown_issue_in_positions": [
        "case.yaml:21:5: positions.B.Z: unknown issue; got 'Z'; expected a declared issue (X, Y). Fix: declare the issue under issues: or correct the id",
    ],
    "duplicate_id": [
        "case.yaml:34:3: mediators.A: duplicate id: 'A' is already used in actors; got 'A'; expected ids unique across actors, issues, side_issues, mediators and ratifiers. Fix: rename one of them",
    ],
    "cite_missing_sentence": [
        "case.yaml:17:78: positions.A.X.cite: cites a sentence that does not exist in source 'src'; got 'src:L3.s9'; expected an existing sentence id of source.txt (lines 1-5). Fix: check the line and sentence number (sentences split at . ! ? + capital)",
    ],
    "cite_unknown_key": [
        "case.yaml:20:70: positions.B.X.cite.0: citation to an unknown source key; got 'K2'; expected a declared source key (K1, src). Fix: add the source under sources: or write the citation as free text",
    ],
    "range_lo_gt_hi": [
        "case.yaml:18:31: positions.A.Y.salience: range has lo 0.6 > hi 0.2; got {'range': [0.6, 0.2]}; expected lo <= hi. Fix: write range: [0.2, 0.6]",
    ],
    "triangular_unordered": [
        "case.yaml:24:21: disagreement.cost.A.value: triangular [5, 20, 15] is not ordered; got {'triangular': [5, 20, 15]}; expected lo <= mode <= hi. Fix: order the three numbers as [lo, mode, hi]",
    ],
    "normal_sd_zero": [
        "case.yaml:24:21: disagreement.cost.A.value: normal sd 0 is not positive; got {'normal': {'mean': 10, 'sd': 0}}; expected sd > 0. Fix: give a positive sd or a plain number",
    ],
    "unknown_uncertainty_kind": [
        "case.yaml:24:21: disagreement.cost.A.value: unknown uncertainty kind 'lognormal'; got {'lognormal': [1, 2]}; expected a number, {range: [lo, hi]}, {triangular: [lo, mode, hi]}, {normal: {mean: m, sd: s}} or {beta: {a: a, b: b}}. Fix: use range, triangular, normal or beta",
    ],
    "veto_unknown_signatory": [
        "case.yaml:26:20: veto.signatories.1: veto player refers to an unknown actor; got 'C'; expected a declared actor (A, B). Fix: list actor ids declared under actors:",
        "case.yaml:28:19: veto.ratifiers.PARL.actor: veto player refers to nothing: its actor is not a signatory; got 'B'; expected a signatory (A, C). Fix: attach the ratifier to a signatory or add that actor to signatories",
    ],
    "ratifier_refers_to_nothing": [
        "case.yaml:28:19: veto.ratifiers.PARL.actor: veto player refers to nothing: its actor is not a signatory; got 'Q'; expected a signatory (A, B). Fix: attach the ratifier to a signatory or add that actor to signatories",
    ],
    "ratifier_unknown_issue": [
        "case.yaml:28:72: veto.ratifiers.PARL.conditions.W: unknown issue; got 'W'; expected a declared issue (X, Y). Fix: use an issue id declared under issues:",
    ],
    "hard_without_bound": [
        "case.yaml:20:40: positions.B.X.hard: a hard red line needs a reservation or an acceptable interval; got True; expected reservation: X or acceptable: [lo, hi] beside hard: true. Fix: state where the red line lies, or drop hard: true",
    ],
    "reservation_and_acceptable": [
        "case.yaml:17:53: positions.A.X.acceptable: both reservation and acceptable are given; expected one of reservation or acceptable. Fix: keep reservation (one side) or acceptable (both sides), not both",
    ],
    "acceptable_excludes_ideal": [
        "case.yaml:17:48: positions.A.X.acceptable: acceptable interval does not contain the ideal 100; got [10.0, 60.0]; expected an interval around the ideal. Fix: widen the interval to include the ideal or move the ideal",
    ],
    "horizon_before_as_of": [
        "case.yaml:5:10: horizon: horizon 2024-01-01 is not after as_of 2025-01-01; got '2024-01-01'; expected a date after as_of. Fix: set horizon to the end of the forecast window",
    ],
    "bad_date": [
        "case.yaml:4:8: as_of: not a date; got '2025-13-45'; expected a date YYYY-MM-DD. Fix: write the date as YYYY-MM-DD",
    ],
    "bad_enum": [
        "case.yaml:10:26: actors.A.kind: not one of the allowed values; got 'tribe'; expected one of 'belligerent', 'patron', 'ally', 'mediator', 'institution', 'domestic' or 'other'. Fix: use one of the allowed values",
    ],
    "bad_id": [
        "case.yaml:10:3: actors.1A: not a valid id; got '1A'; expected an id of letters, digits, _ . - starting with a letter. Fix: rename it, e.g. RUS or T_DONBAS",
    ],
    "probability_above_one": [
        "case.yaml:30:19: commitment.compliance.A: probability out of range; got 1.5; expected a probability in [0, 1]. Fix: give a probability in [0, 1]",
    ],
    "side_value_not_party": [
        "case.yaml:32:72: side_issues.POW.value.M: value given for an actor that is not a party; got 'M'; expected one of the parties (A, B). Fix: add the actor to parties or remove its value",
    ],
    "top_level_list": [
        "case.yaml:1:1: top level is not a mapping; got ['just', 'a list']; expected a YAML mapping (key: value lines). Fix: start the file with top-level keys such as id: and title:",
    ],
    "empty_file": [
        "case.yaml:1:1: file is empty; expected a YAML mapping. Fix: write the document, or give another file",
    ],
    "comments_only": [
        "case.yaml:1:1: file has no YAML content; expected a YAML mapping. Fix: write the document (comments alone are not a scenario)",
    ],
    "binary_file": [
        "case.yaml:1:9: binary file (contains a NUL byte); expected a UTF-8 text file. Fix: give the YAML text file, not a binary",
    ],
    "not_utf8": [
        "case.yaml:1:6: not UTF-8 text (byte 0xe9); expected a UTF-8 text file. Fix: save the file as UTF-8",
    ],
    "correlation_not_psd": [
        "case.yaml:37:11: correlations.matrix: correlation matrix is not positive semi-definite: its smallest eigenvalue is -0.8, so no joint distribution has these correlations; got [[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]]; expected a positive semi-definite matrix (every eigenvalue >= 0). Fix: use the nearest correlation matrix (Higham 2002), e.g. [[1, 0.5, -0.5], [0.5, 1, 0.5], [-0.5, 0.5, 1]]",
    ],
    "correlation_unknown_input": [
        "case.yaml:36:12: correlations.inputs.0: not an uncertain input of this scenario; got 'disagreement.cost.A'; expected the dotted path of a number given as a range, triangular, normal or beta spec. Fix: did you mean disagreement.cost.A.value?",
    ],
    "correlation_not_symmetric": [
        "case.yaml:37:16: correlations.matrix.0.1: matrix is not symmetric: matrix[0][1] = 0.5 but matrix[1][0] = 0.3; got 0.5; expected matrix[i][j] == matrix[j][i]. Fix: write the same correlation in both places (e.g. 0.5)",
    ],
    "correlation_not_square": [
        "case.yaml:37:11: correlations.matrix: matrix has 3 row(s) of length(s) 2, 2, 2 for 2 inputs; expected a square matrix with one row and one column per input (2 x 2). Fix: give one row per input, each with one entry per input, in inputs order",
    ],
    "correlation_diagonal_not_one": [
        "case.yaml:37:28: correlations.matrix.1.1: diagonal entry matrix[1][1] is not 1; got 0.5; expected 1 on the diagonal (an input is perfectly correlated with itself). Fix: write 1",
    ],
    "correlation_out_of_range": [
        "case.yaml:37:16: correlations.matrix.0.1: correlation matrix[0][1] is outside [-1, 1]; got -1.5; expected a correlation in [-1, 1]. Fix: give a correlation between -1 and 1",
        "case.yaml:37:24: correlations.matrix.1.0: correlation matrix[1][0] is outside [-1, 1]; got -1.5; expected a correlation in [-1, 1]. Fix: give a correlation between -1 and 1",
    ],
}


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copy(DATA / "source.txt", tmp_path / "source.txt")
    return tmp_path


def test_there_are_at_least_25_distinct_bad_inputs() -> None:
    assert len(CASES) >= 25
    assert set(CASES) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_gives_exact_located_message(
    name: str, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = CASES[name]((DATA / "base.yaml").read_text(encoding="utf-8"))
    case = workdir / "case.yaml"
    if isinstance(content, bytes):
        case.write_bytes(content)
    else:
        case.write_text(content, encoding="utf-8")
    monkeypatch.chdir(workdir)
    result = runner.invoke(app, ["validate", "case.yaml"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == EXPECTED[name]


def test_oversized_file_is_refused_before_parsing(workdir: Path) -> None:
    big = workdir / "big.yaml"
    with big.open("wb") as fh:
        fh.write(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    assert big.stat().st_size > MAX_FILE_BYTES
    result = runner.invoke(app, ["validate", str(big)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{big}:1:1: file is too large (5.0 MB); expected at most 5 MB. "
        "Fix: split the file or check that it is the right one"
    )


def test_fifty_megabyte_file_is_refused(workdir: Path) -> None:
    big = workdir / "fifty.yaml"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    result = runner.invoke(app, ["validate", str(big)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{big}:1:1: file is too large (50.0 MB); expected at most 5 MB. "
        "Fix: split the file or check that it is the right one"
    )


def test_missing_file(workdir: Path) -> None:
    result = runner.invoke(app, ["validate", str(workdir / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{workdir / 'nope.yaml'}:1:1: file not found; expected a readable file. Fix: check the path"
    )


def test_analyze_writes_nothing_when_the_input_is_bad(workdir: Path) -> None:
    content = CASES["unknown_field"]((DATA / "base.yaml").read_text(encoding="utf-8"))
    assert isinstance(content, str)
    (workdir / "case.yaml").write_text(content, encoding="utf-8")
    out = workdir / "out"
    result = runner.invoke(app, ["analyze", str(workdir / "case.yaml"), "--out", str(out)])
    assert result.exit_code == 2
    assert not out.exists()
