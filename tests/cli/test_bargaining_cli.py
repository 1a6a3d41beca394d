"""``summitry validate``, ``analyze`` and ``schema`` through the CLI (typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from summitry.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "scenarios" / "putin-trump-talks.yaml"
FEARON = ROOT / "scenarios" / "textbook" / "fearon-range.yaml"
runner = CliRunner()


def test_validate_flagship_summarises_it() -> None:
    result = runner.invoke(app, ["validate", str(FLAGSHIP)])
    assert result.exit_code == 0, result.output
    assert "valid scenario 'ukr-rus-anchorage-2025'" in result.stdout
    assert "citations checked" in result.stdout


def test_analyze_text_states_the_verdict_and_writes_all_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(FEARON), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "VERDICT (settlement_possible)" in result.stdout
    assert "X      50.0–75.0  62.5               62.5" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["analysis.json", "analysis.md", "analysis.txt"]
    assert not list(out.glob(".*.tmp"))


def test_analyze_json_is_the_documented_format() -> None:
    result = runner.invoke(app, ["analyze", str(FEARON), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "summitry.analysis/1"
    assert list(data) == [
        "format",
        "summitry_version",
        "scenario",
        "settings",
        "verdict",
        "signatories",
        "issues",
        "package",
        "deals",
        "side_deals",
        "diagnosis",
        "seconds",
    ]
    assert data["verdict"]["code"] == "settlement_possible"
    assert data["package"]["ranges"] == {"X": [50.0, 75.0]}
    assert data["package"]["nbs"]["point"] == {"X": 62.5}
    assert data["package"]["nbs"]["gain_over_disagreement"] == {"A": 12.5, "B": 12.5}
    assert data["signatories"][0]["disagreement_value"] == 50.0
    assert data["diagnosis"] is None


def test_analyze_markdown_has_tables() -> None:
    result = runner.invoke(app, ["analyze", str(FEARON), "--format", "markdown"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Fearon (1995)")
    assert "| actor | power | U(D) |" in result.stdout


def test_flagship_json_names_the_binding_constraints() -> None:
    result = runner.invoke(app, ["analyze", str(FLAGSHIP), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["diagnosis"]["conflicts"]
    for group in data["diagnosis"]["conflicts"]:
        for constraint in group:
            assert constraint["text"]
            assert constraint["kind"] in {"hard", "accept", "ratify"}


def test_schema_matches_the_committed_file() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    committed = (ROOT / "schema" / "scenario.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(committed)


def test_schema_validates_the_flagship_file() -> None:
    import jsonschema
    from ruamel.yaml import YAML

    schema = json.loads((ROOT / "schema" / "scenario.schema.json").read_text(encoding="utf-8"))
    data = YAML(typ="safe").load(FLAGSHIP.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors == []
