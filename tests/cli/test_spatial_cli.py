"""CLI tests of ``summitry forecast`` and ``summitry import`` (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from summitry.cli.main import app

PEERS = Path(__file__).resolve().parents[2] / ".." / "shared" / "peers"
pytestmark = pytest.mark.skipif(not PEERS.is_dir(), reason="peer data ../shared/peers absent")
runner = CliRunner()


def _import(src: str, fmt: str, out: str, as_of: str) -> Result:
    """``summitry import SRC --from FMT --out OUT --as-of AS_OF``."""
    return runner.invoke(app, ["import", src, "--from", fmt, "--out", out, "--as-of", as_of])


def test_import_decide_then_validate_and_forecast(tmp_path: Path) -> None:
    """Decide CSV -> scenario YAML that `summitry validate` accepts -> forecast."""
    out = tmp_path / "cop21.yaml"
    res = _import(str(PEERS / "decide" / "cop21.csv"), "decide", str(out), "2015-11-01")
    assert res.exit_code == 0, res.output
    assert res.output.strip() == f"wrote {out} (15 actors, 13 issues)"
    res = runner.invoke(app, ["validate", str(out)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["forecast", str(out), "--model", "mean", "--format", "json"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.output)
    assert payload["model"] == "mean"
    assert payload["issues"]["legal"]["forecast"] == pytest.approx(57.96875, abs=1e-6)


def test_import_ktab_csv(tmp_path: Path) -> None:
    """KTAB SMP CSV -> scenario YAML."""
    out = tmp_path / "soe.yaml"
    res = _import(str(PEERS / "ktab" / "SOE-Pol-Comp.csv"), "ktab", str(out), "2017-05-30")
    assert res.exit_code == 0, res.output
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0


def test_bad_decide_file_gives_located_errors_and_exit_2(tmp_path: Path) -> None:
    """copenhagen_with_errors.csv: exit 2, one located line per problem, no traceback."""
    bad = PEERS / "decide" / "copenhagen_with_errors.csv"
    res = runner.invoke(
        app, ["import", str(bad), "--from", "decide", "--out", str(tmp_path / "x.yaml")]
    )
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert lines[0].startswith(f"{bad}:86:19: D.Russia.Control.position: position is outside")
    assert lines[1].startswith(f"{bad}:87:32: D.China India.Control.power: power is negative")
    assert "Traceback" not in res.output
    assert not (tmp_path / "x.yaml").exists()


def test_forecast_exchange_text_trajectory() -> None:
    """Exchange model on a Decide file directly, 2 rounds: table plus per-round trajectory."""
    res = runner.invoke(
        app,
        [
            "forecast",
            str(PEERS / "decide" / "copenhagen.csv"),
            "--model",
            "exchange",
            "--rounds",
            "2",
        ],
    )
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == "copenhagen: model exchange"
    assert lines[1].split() == ["Newtreaty", "42.2472"]
    assert any(line.strip().startswith("1: 54.2618, 67.0158") for line in lines)


def test_forecast_random_ties_reproducible() -> None:
    """--ties random --seed N: the same output twice."""
    args = [
        "forecast",
        str(PEERS / "decide" / "copenhagen.csv"),
        "--model",
        "exchange",
        "--rounds",
        "2",
        "--ties",
        "random",
        "--seed",
        "5",
        "--format",
        "json",
    ]
    first, second = runner.invoke(app, args), runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.output == second.output


def test_forecast_eum_json_moves() -> None:
    """EUM JSON output carries the trajectory of medians and every move."""
    res = runner.invoke(
        app,
        [
            "forecast",
            str(PEERS / "ktab" / "SOE-Policy.csv"),
            "--model",
            "eum",
            "--rounds",
            "3",
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    payload = json.loads(res.output)
    assert len(payload["trajectory"]) == 4
    assert set(payload["details"]["moves"]) == {"Policy_Position"}


def test_forecast_unknown_tie_rule_exit_2() -> None:
    """A bad --ties value is refused by the option's choices (typer's usage error, exit 2)."""
    res = runner.invoke(
        app,
        [
            "forecast",
            str(PEERS / "decide" / "copenhagen.csv"),
            "--model",
            "exchange",
            "--ties",
            "coin",
        ],
    )
    assert res.exit_code == 2
    assert "Invalid value for '--ties'" in res.output
    assert "'coin' is not one of 'order'," in res.output


def test_accuracy_command(tmp_path: Path) -> None:
    """`summitry accuracy`: MAE table from a scenario with observed outcomes."""
    out = tmp_path / "c.yaml"
    res = _import(str(PEERS / "decide" / "copenhagen.csv"), "decide", str(out), "2009-10-28")
    assert res.exit_code == 0, res.output
    text = out.read_text().replace(
        "  Newtreaty:\n    label: Newtreaty\n",
        "  Newtreaty:\n    label: Newtreaty\n    observed: 50\n",
    )
    out.write_text(text)
    res = runner.invoke(
        app, ["accuracy", str(out), "--model", "mean", "--model", "median", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    rows = {r["model"]: r for r in json.loads(res.output)}
    assert rows["mean"]["mae"] == pytest.approx(11.5763, abs=1e-4)  # |61.5763 - 50|
    assert rows["median"]["mae"] == pytest.approx(50.0)  # |100 - 50|
    assert rows["median"]["beats_mean"] == 0.0


def test_forecast_smp_json() -> None:
    """SMP on KTAB's SOE-Pol-Comp.csv: expected final position (design note §2.4: 39.73, 32.78)
    and 27 turns."""
    res = runner.invoke(
        app,
        [
            "forecast",
            str(PEERS / "ktab" / "SOE-Pol-Comp.csv"),
            "--model",
            "smp",
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    payload = json.loads(res.output)
    assert payload["details"]["turns"] == 27
    got = [round(v["forecast"], 2) for v in payload["issues"].values()]
    assert got == [39.73, 32.78]


def test_forecast_smp_missing_positions_exit_2() -> None:
    """copenhagen.csv has actors absent from issues: the SMP refuses with a fix, exit 2."""
    res = runner.invoke(
        app, ["forecast", str(PEERS / "decide" / "copenhagen.csv"), "--model", "smp"]
    )
    assert res.exit_code == 2
    assert res.output.strip() == (
        "error: the spatial model of politics needs every actor to hold a position on every "
        "issue; some positions are missing: add them, or use --model mean|median|exchange"
    )


def test_forecast_all_models_side_by_side() -> None:
    """--model all: one column per model; models that cannot run are listed with the reason."""
    res = runner.invoke(
        app,
        [
            "forecast",
            str(PEERS / "decide" / "copenhagen.csv"),
            "--model",
            "all",
            "--rounds",
            "1",
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    payload = json.loads(res.output)
    assert list(payload["models"]) == [
        "mean",
        "median",
        "mean-capability",
        "median-capability",
        "nbs",
        "eum",
        "exchange",
    ]
    assert payload["models"]["exchange"]["issues"]["Commitments"]["forecast"] == pytest.approx(
        19.063181, abs=1e-6
    )
    assert set(payload["failed"]) == {"smp"}


def test_forecast_random_rate_seeded() -> None:
    """--rate random --seed N: reproducible; the details record the rate rule."""
    args = [
        "forecast",
        str(PEERS / "decide" / "copenhagen.csv"),
        "--model",
        "exchange",
        "--rounds",
        "1",
        "--rate",
        "random",
        "--seed",
        "9",
        "--format",
        "json",
    ]
    first, second = runner.invoke(app, args), runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    details = json.loads(first.output)["details"]
    assert (details["rate"], details["seed"]) == ("random", 9)


def test_export_round_trip(tmp_path: Path) -> None:
    """import --from decide then export --to decide: every value of the file is preserved."""
    from summitry.io.decide import read_decide

    src = PEERS / "decide" / "sample_data.txt"
    yaml_file, csv_file = tmp_path / "s.yaml", tmp_path / "back.csv"
    assert _import(str(src), "decide", str(yaml_file), "2020-01-01").exit_code == 0
    res = runner.invoke(app, ["export", str(yaml_file), "--to", "decide", "--out", str(csv_file)])
    assert res.exit_code == 0, res.output
    assert res.output.strip() == (
        f"wrote {csv_file} (10 actors, 6 issues, 60 data rows; format decide)"
    )
    assert read_decide(csv_file).values() == read_decide(src).values()


def test_forecast_choices_are_the_models_plus_all() -> None:
    """The CLI's --model enum repeats the workflow's models (typer needs a static enum)."""
    from summitry.cli.spatial import ForecastModel
    from summitry.workflows.spatial import SpatialModel

    assert [m.value for m in ForecastModel] == [m.value for m in SpatialModel] + ["all"]
