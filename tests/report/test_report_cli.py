"""``summitry report``: files written all or nothing, user errors as one line and exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry.cli.main import app
from summitry.io.output import write_outputs

ROOT = Path(__file__).resolve().parents[2]
FEARON = ROOT / "scenarios" / "textbook" / "fearon-range.yaml"


def test_report_writes_html_and_markdown(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", str(FEARON), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Explained report: Fearon (1995)")
    assert (tmp_path / "report.fig-issues.svg").is_file()
    assert "Reproduce: summitry report" in result.output
    assert not list(tmp_path.glob(".*.tmp"))


def test_report_pdf(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    result = CliRunner().invoke(
        app, ["report", str(FEARON), "--out", str(tmp_path), "--format", "pdf"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report.pdf").read_bytes()[:5] == b"%PDF-"
    assert not (tmp_path / "report.html").exists()


def test_missing_file_is_one_line_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", str(tmp_path / "nope.yaml"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1
    assert "nope.yaml:1:1: file not found" in lines[0]
    assert "Traceback" not in result.output


def test_invalid_variant_fails_before_anything_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad-variant.yaml"
    bad.write_text(
        f"extends: {FEARON}\nid: x\ntitle: x\nchanges:\n  - {{path: nope.nope, value: 1}}\n"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["report", str(FEARON), "--variants", str(bad), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "bad-variant.yaml:" in result.output
    assert not out.exists()


def test_write_report_is_all_or_nothing(tmp_path: Path) -> None:
    class Boom(str):
        def encode(self, *args: object, **kwargs: object) -> bytes:
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_outputs(tmp_path, {"a.html": "x", "b.md": Boom("y")})
    assert list(tmp_path.iterdir()) == []
    written = write_outputs(tmp_path, {"a.html": "x", "b.pdf": b"%PDF-1.7"})
    assert [p.name for p in written] == ["a.html", "b.pdf"]
