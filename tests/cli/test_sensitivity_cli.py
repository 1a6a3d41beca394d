"""``summitry sensitivity`` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry.cli.main import app

from ..montecarlo_cases import ONE_ISSUE, write

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "scenarios" / "putin-trump-talks.yaml"
runner = CliRunner()


@pytest.fixture
def one(tmp_path: Path) -> Path:
    """One issue, two uniformly uncertain hard red lines (tests/montecarlo_cases.py)."""
    return write(tmp_path, ONE_ISSUE.format(id="one", a_lo=40, a_hi=70, b_lo=30, b_hi=60))


def test_text_output_prints_the_seed_first_and_every_section(one: Path) -> None:
    result = runner.invoke(app, ["sensitivity", str(one), "-n", "64", "--seed", "5"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Sensitivity of P(settlement) in 'one': seed 5 (repeat with --seed 5)"
    for head in ("Sobol' indices", "Morris screening", "Tornado:", "What would have to change:"):
        assert any(line.startswith(head) for line in lines), head
    assert "positions.A.X.reservation" in result.stdout
    assert "Competing outcomes: limited_only, nothing" in result.stdout


def test_json_is_the_documented_format_and_repeats_with_the_seed(one: Path) -> None:
    args = ["sensitivity", str(one), "-n", "32", "--format", "json", "-m", "tornado"]
    first = runner.invoke(app, [*args, "-m", "inverse"])
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["format"] == "summitry.sensitivity/1"
    assert f"seed: {data['seed']}" in first.stderr
    assert data["target"] == "settlement"
    assert data["methods"] == ["tornado", "inverse"]
    assert data["sobol"] is None
    assert data["morris"] is None
    assert data["inputs"] == ["positions.A.X.reservation", "positions.B.X.reservation"]
    assert {r["input"] for r in data["tornado"]} == set(data["inputs"])
    assert set(data["inverse"]) >= {"base_p", "competitor", "single", "pairs", "found"}
    again = runner.invoke(app, [*args, "-m", "inverse", "--seed", str(data["seed"])])
    assert again.stdout == first.stdout


def test_out_writes_json_and_text(one: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["sensitivity", str(one), "-n", "16", "-s", "1", "-m", "morris", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["sensitivity.json", "sensitivity.txt"]
    data = json.loads((out / "sensitivity.json").read_text(encoding="utf-8"))
    assert data["seed"] == 1
    assert data["morris"][0]["input"].startswith("positions.")
    text = (out / "sensitivity.txt").read_text(encoding="utf-8")
    assert text.startswith("Sensitivity of P(settlement) in 'one': seed 1")
    assert "Results written to" in result.stdout


def test_flagship_target_by_name() -> None:
    result = runner.invoke(
        app,
        ["sensitivity", str(FLAGSHIP), "-n", "16", "-s", "2", "-m", "tornado", "-t", "side:H_CORR"],
    )
    assert result.exit_code == 0, result.output
    assert "Sensitivity of P(side:H_CORR)" in result.stdout
    assert "Competing outcome: not side:H_CORR" in result.stdout


def test_bad_target_exits_2_listing_the_names(one: Path) -> None:
    result = runner.invoke(app, ["sensitivity", str(one), "-n", "8", "--target", "peace"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: unknown target 'peace'; expected one of settlement, limited_only, nothing, "
        "blocked:X."
    )
    assert "Fix: pass --target" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--draws", "0"], "error: the number of draws must be a positive integer, got 0."),
        (["--seed", "-3"], "error: seed must be a non-negative integer, got -3."),
        (["--workers", "0"], "error: workers must be a positive integer, got 0."),
    ],
)
def test_bad_options_exit_2_with_one_line(one: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["sensitivity", str(one), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_unknown_method_is_refused_by_the_option_parser(one: Path) -> None:
    result = runner.invoke(app, ["sensitivity", str(one), "--method", "fast"])
    assert result.exit_code == 2
    assert "fast" in result.output
