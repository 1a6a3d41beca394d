"""Helpers: small scenarios written to a temporary directory and hand-written result documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from summitry.report.bargaining import to_dict
from summitry.report.document.builders import Results
from summitry.workflows.bargaining import analyze

TWO_ACTORS = """\
id: two
title: "Two actors"
as_of: 2020-01-01
horizon: 2021-01-01
sources:
  S1: {title: "A test source", url: "https://example.org/s1"}
actors:
  A: {name: "Alpha (state)", kind: belligerent, capability: 1}
  B: {name: "Beta", kind: belligerent, capability: 1}
issues:
  X: {label: "the disputed good", status_quo: 50}
positions:
  A:
    X: {ideal: 100, salience: 1, reservation: {RES_A}, hard: {HARD}, why: "A wants all", cite: S1}
  B:
    X: {ideal: 0, salience: 1, reservation: {RES_B}, hard: {HARD}, why: "B too", cite: S1}
disagreement:
  outcome: {X: 60}
  cost:
    A: {value: {COST}, why: "war is costly", cite: S1}
    B: {value: {COST}, why: "war is costly", cite: S1}
veto:
  signatories: [A, B]
"""

ONE_ACTOR = """\
id: one
title: "One actor"
as_of: 2020-01-01
horizon: 2021-01-01
actors:
  A: {name: "Alone", capability: 1}
issues:
  X: {label: "a choice", status_quo: 50}
positions:
  A:
    X: {ideal: 50, salience: 1}
disagreement:
  cost: {A: 100}
veto:
  signatories: [A]
"""


def scenario_file(tmp_path: Path, text: str, **values: object) -> Path:
    """Write a scenario, replacing ``{NAME}`` placeholders by ``values``."""
    for key, value in values.items():
        text = text.replace(
            "{" + key + "}", str(value).lower() if isinstance(value, bool) else str(value)
        )
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def results(path: Path, **docs: Any) -> Results:
    """Analyse ``path`` with the real engine; other documents are given by the test."""
    run = analyze(path)
    return Results(loaded=run.loaded, analysis=to_dict(run), **docs)


def estimate(k: int, n: int, lo: float, hi: float) -> dict[str, Any]:
    """An estimate entry of ``summitry.simulation/1`` (intervals given by the test)."""
    p = k / n
    return {
        "k": k,
        "n": n,
        "p": p,
        "mc_se": 0.0,
        "wilson95": [lo, hi],
        "jeffreys95": [lo, hi],
    }


def simulation(outcomes: dict[str, dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A hand-written ``summitry.simulation/1`` document."""
    return {
        "format": "summitry.simulation/1",
        "seed": 11,
        "method": "mc",
        "draws": 1000,
        "outcomes": outcomes,
        "side_deals": {},
        "issue_blocked": {},
        "inputs": ["positions.A.X.reservation"],
        "ratifiers_bernoulli": [],
        "not_modelled": [],
        **extra,
    }


HORIZON_LABELS = {
    "O6_SETTLEMENT": "comprehensive settlement",
    "O5_DURABLE_CEASEFIRE": "durable ceasefire",
    "O7_DECISIVE": "decisive military outcome",
    "O4_FAILED_CEASEFIRE": "failed ceasefire",
    "O3_LIMITED_DEALS": "limited deals",
    "O2_TALKS_ONLY": "talks only",
    "O1_ESCALATION": "escalation",
}


def horizon(ps: dict[str, int], n: int = 1000) -> dict[str, Any]:
    """A hand-written ``horizon`` block (the contract of the outcome model's JSON)."""
    outs = {
        k: estimate(v, n, max(0.0, v / n - 0.03), min(1.0, v / n + 0.03)) for k, v in ps.items()
    }
    cc = sum(
        ps.get(k, 0)
        for k in ("O1_ESCALATION", "O2_TALKS_ONLY", "O3_LIMITED_DEALS", "O4_FAILED_CEASEFIRE")
    )
    lp = ps.get("O6_SETTLEMENT", 0) + ps.get("O5_DURABLE_CEASEFIRE", 0)
    groups = {
        "continued_conflict": estimate(cc, n, max(0.0, cc / n - 0.03), min(1.0, cc / n + 0.03)),
        "lasting_peace_proxy": estimate(lp, n, max(0.0, lp / n - 0.03), min(1.0, lp / n + 0.03)),
    }
    return {
        "months": 12.0,
        "outcomes": outs,
        "groups": groups,
        "modal": max(ps, key=lambda k: ps[k]),
        "modal_group": max(groups, key=lambda k: groups[k]["p"]),
        "indicators": {
            "talks_held": estimate(900, n, 0.88, 0.92),
            "ceasefire_collapse_given_agreed": {
                "k": 0,
                "n": 0,
                "p": None,
                "mc_se": None,
                "wilson95": [0.0, 1.0],
                "jeffreys95": [0.0, 1.0],
            },
        },
        "labels": {k: HORIZON_LABELS[k] for k in ps},
    }
