"""``summitry compare``: a base scenario and its what-if variants under one seed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from summitry.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
SCEN = ROOT / "scenarios"
BASE = SCEN / "putin-trump-talks.yaml"
V4 = SCEN / "putin-trump-talks.v4-temporary-ceasefire.yaml"
V4B = SCEN / "putin-trump-talks.v4b-ceasefire-with-force.yaml"
runner = CliRunner()


def test_json_compares_variants_with_the_base(tmp_path: Path) -> None:
    args = ["compare", str(BASE), str(V4), str(V4B), "-n", "300", "-s", "9", "-f", "json"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "summitry.comparison/1"
    assert data["seed"] == 9
    assert "seed: 9" in result.stderr
    assert data["base"]["id"] == "ukr-rus-anchorage-2025"
    assert [v["file"] for v in data["variants"]] == [V4.name, V4B.name]
    base_h = data["base"]["simulation"]["horizon"]
    v4, v4b = data["variants"]
    # an imposed ceasefire is agreed in every draw without a settlement
    agreed = v4["simulation"]["horizon"]["indicators"]["ceasefire_agreed"]["p"]
    assert agreed == 1.0 - v4["simulation"]["horizon"]["outcomes"]["O6_SETTLEMENT"]["p"]
    d = v4["delta"]["ceasefire_agreed"]
    assert d["dp"] == round(agreed - base_h["indicators"]["ceasefire_agreed"]["p"], 6)
    assert d["diff95"][0] <= d["dp"] <= d["diff95"][1]
    # a force and monitoring lower the collapse hazard (hazard ratio 0.25-0.5)
    assert v4b["delta"]["O5_DURABLE_CEASEFIRE"]["dp"] > v4["delta"]["O5_DURABLE_CEASEFIRE"]["dp"]
    written = sorted(p.name for p in (tmp_path / "o").iterdir())
    assert written == ["comparison.json", "comparison.txt"]


def test_text_table_and_seed() -> None:
    result = runner.invoke(app, ["compare", str(BASE), str(V4), "-n", "200", "-s", "4"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("What-if comparison, seed 4 (repeat with --seed 4), 200 draws each")
    assert "[1] ukr-rus-anchorage-2025.v4-temporary-ceasefire" in out
    assert "O4_FAILED_CEASEFIRE" in out


def test_variant_patching_a_missing_field_is_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        f"extends: {BASE}\nid: bad\ntitle: Bad\nchanges:\n"
        "  - {path: outcome_model.nonsense.p_agree, value: 1}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["compare", str(BASE), str(bad), "-n", "100", "-s", "1"])
    assert result.exit_code == 2
    assert f"{bad}:5:" in result.output
    assert "outcome_model.nonsense" in result.output
    assert "Traceback" not in result.output
