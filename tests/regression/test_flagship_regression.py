"""Regression: the flagship's point-estimate result as computed on 2026-11-29 from its cited
inputs. These values are pinned to catch unintended changes; they were not tuned to the article
(see docs/flagship.md for the comparison with the article's claims)."""

from __future__ import annotations

from pathlib import Path

from summitry.report.bargaining import to_dict
from summitry.workflows.bargaining import analyze

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def test_flagship_point_estimate_regression() -> None:
    data = to_dict(analyze(SCENARIOS / "putin-trump-talks.yaml"))
    assert data["verdict"]["code"] == "limited_deals_only"
    assert data["package"]["feasible"] is False
    assert data["deals"]["blocked_issues"] == ["T_DONBAS", "T_ALIGN", "T_GUAR"]
    conflicts = [
        [(c.get("ratifier") or c["actor"], c["issue"], c["bound"]) for c in group]
        for group in data["diagnosis"]["conflicts"]
    ]
    assert conflicts == [
        [("RUS", "T_DONBAS", [100.0, 100.0]), ("UKR", "T_DONBAS", [0.0, 86.0])],
        [("RUS", "T_DONBAS", [100.0, 100.0]), ("UA_REFERENDUM", "T_DONBAS", [0.0, 86.0])],
        [("RUS", "T_ALIGN", [75.0, 100.0]), ("NATO_CONSENSUS", "T_ALIGN", [0.0, 74.0])],
        [("RUS", "T_GUAR", [60.0, 100.0]), ("UKR", "T_GUAR", [0.0, 25.0])],
        [("RU_ELITE", "T_GUAR", [50.0, 100.0]), ("UKR", "T_GUAR", [0.0, 25.0])],
    ]
    assert [s["id"] for s in data["side_deals"] if s["feasible"]] == ["H_POW", "H_CORR", "H_TRUCE"]
    by_actor = {e["actor"]: e for e in data["diagnosis"]["by_signatory"]}
    assert by_actor["UKR"]["red_line_shift"] is None
    assert by_actor["RUS"]["red_line_shift"]["total"] == 75.0


def test_soft_lines_ablation_finds_a_zone() -> None:
    """Design doc section 4.4 / claim C10: without non-compensatory lines a zone appears."""
    data = to_dict(analyze(SCENARIOS / "putin-trump-talks.soft-lines.yaml"))
    assert data["verdict"]["code"] == "settlement_possible"
    assert data["package"]["deal"] is True
