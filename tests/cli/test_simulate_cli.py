"""``summitry simulate`` through typer's CliRunner."""

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


def test_text_output_prints_the_seed_and_the_probabilities() -> None:
    result = runner.invoke(app, ["simulate", str(FLAGSHIP), "--draws", "300", "--seed", "5"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "seed 5 (repeat with --seed 5)" in out
    assert "300 draws (mc, blocks of 1024), 54 uncertain inputs, 8 ratifier vetoes" in out
    for name in ("settlement", "limited_only", "nothing", "H_POW", "T_DONBAS"):
        assert f"  {name} " in out
    assert "By the horizon (12.0 months), outcome probabilities:" in out
    for name in ("O6_SETTLEMENT", "O5_DURABLE_CEASEFIRE", "O1_ESCALATION", "continued_conflict"):
        assert f"  {name} " in out
    assert "Not modelled:" in out


def test_json_output_is_the_documented_format_and_repeats_with_the_seed(tmp_path: Path) -> None:
    args = ["simulate", str(FLAGSHIP), "-n", "200", "--method", "lhs", "--format", "json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["format"] == "summitry.simulation/1"
    seed = data["seed"]
    assert isinstance(seed, int)
    assert f"seed: {seed}" in first.stderr
    assert data["method"] == "lhs"
    assert data["draws"] == 200
    assert list(data["outcomes"]) == ["settlement", "limited_only", "nothing"]
    assert sum(v["k"] for v in data["outcomes"].values()) == 200
    assert len(data["inputs"]) == 54
    horizon = data["horizon"]
    assert list(horizon["outcomes"]) == [
        "O6_SETTLEMENT",
        "O5_DURABLE_CEASEFIRE",
        "O7_DECISIVE",
        "O4_FAILED_CEASEFIRE",
        "O3_LIMITED_DEALS",
        "O2_TALKS_ONLY",
        "O1_ESCALATION",
    ]
    assert sum(v["p"] for v in horizon["outcomes"].values()) == pytest.approx(1.0, abs=1e-5)
    assert horizon["modal_group"] in ("continued_conflict", "lasting_peace_proxy")
    again = runner.invoke(app, [*args, "--seed", str(seed)])
    assert again.stdout == first.stdout


def test_out_writes_json_and_text(tmp_path: Path) -> None:
    scen = write(tmp_path, ONE_ISSUE.format(id="one", a_lo=40, a_hi=70, b_lo=30, b_hi=60))
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["simulate", str(scen), "-n", "500", "-s", "1", "--eps", "0.3", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["simulation.json", "simulation.txt"]
    data = json.loads((out / "simulation.json").read_text(encoding="utf-8"))
    # widest 95% Wilson width after the single (partial) block <= 2 * 1.96 * 0.5 / sqrt(500)
    assert data["stopped_by"] == "eps"
    assert data["draws"] == 500
    assert data["widest_wilson95"] < 0.3
    assert data["eps"] == 0.3
    assert "Results written to" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--draws", "0"], "error: the number of draws must be a positive integer, got 0."),
        (["--seed", "-3"], "error: seed must be a non-negative integer, got -3."),
        (["--workers", "0"], "error: workers must be a positive integer, got 0."),
        (["--eps", "2"], "error: eps must be a number in (0, 1), got 2.0."),
    ],
)
def test_bad_options_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["simulate", str(FLAGSHIP), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.output


def test_invalid_scenario_exits_2_with_located_problems(tmp_path: Path) -> None:
    bad = write(tmp_path, ONE_ISSUE.format(id="one", a_lo=70, a_hi=40, b_lo=30, b_hi=60))
    result = runner.invoke(app, ["simulate", str(bad), "-n", "10", "-s", "1"])
    assert result.exit_code == 2
    assert "range has lo 70 > hi 40" in result.stderr


def test_unknown_method_is_a_usage_error() -> None:
    result = runner.invoke(app, ["simulate", str(FLAGSHIP), "--method", "grid"])
    assert result.exit_code == 2
    assert "grid" in result.output
