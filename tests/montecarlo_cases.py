"""Small scenarios with uncertain inputs for the Monte Carlo tests (written as YAML files)."""

from __future__ import annotations

from pathlib import Path

from summitry.io.scenario import LoadedScenario, load_scenario

HEAD = """\
id: {id}
title: Monte Carlo test
as_of: 2025-01-01
horizon: 2026-01-01
sources:
  K1: {{title: Key one}}
actors:
  A: {{name: Alpha, kind: belligerent, capability: 1}}
  B: {{name: Beta, kind: belligerent, capability: 1}}
"""

ONE_ISSUE = (
    HEAD
    + """\
issues:
  X: {{label: Border, status_quo: 50, anchors: {{0: B holds all, 100: A holds all}}}}
positions:
  A:
    X: {{ideal: 100, salience: 1, hard: true, reservation: {{range: [{a_lo}, {a_hi}]}}}}
  B:
    X: {{ideal: 0, salience: 1, hard: true, reservation: {{range: [{b_lo}, {b_hi}]}}}}
disagreement:
  cost: {{A: 50, B: 50}}
veto:
  signatories: [A, B]
"""
)
"""Fearon's one-issue dispute (p = 0.5) with costs 50 each, so only the red lines can bind."""

MIXED = (
    HEAD
    + """\
issues:
  X: {{label: Border, status_quo: 50}}
  Y: {{label: Money, status_quo: 20}}
positions:
  A:
    X: {{ideal: 100, salience: {{beta: {{a: 2, b: 2, lo: 0.4, hi: 0.8}}}}, hard: true,
        reservation: {{triangular: [40, 55, 70]}}}}
    Y: {{ideal: 100, salience: 0.4}}
  B:
    X: {{ideal: 0, salience: 0.5, hard: true, acceptable: [0, {{range: [45, 75]}}]}}
    Y: {{ideal: 0, salience: 0.5}}
disagreement:
  outcome: {{X: {{normal: {{mean: 55, sd: 10}}}}}}
  cost: {{A: {{triangular: [0, 5, 15]}}, B: {{range: [0, 12]}}}}
veto:
  signatories: [A, B]
  ratifiers:
    PARL: {{actor: B, name: Parliament, kind: legislature, p_veto: {{range: [0.2, 0.8]}},
           conditions: {{X: {{max: {{range: [50, 65]}}}}}}}}
    COURT: {{actor: A, name: Court, kind: court, p_veto: 0.3, conditions: {{X: {{min: 60}}}}}}
side_issues:
  POW: {{label: Prisoner exchange, parties: [A, B], value: {{A: {{range: [-1, 3]}}, B: 2}}}}
"""
)
"""Two issues, every kind of spec, an uncertain and a fixed ratifier veto, a side deal."""


def write(tmp: Path, text: str, name: str = "s.yaml") -> Path:
    """Write ``text`` to ``tmp/name`` and return the path."""
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def one_issue(tmp: Path, a: tuple[float, float], b: tuple[float, float]) -> LoadedScenario:
    """The one-issue scenario with A's reservation ~ U(a) and B's ~ U(b)."""
    text = ONE_ISSUE.format(id="one", a_lo=a[0], a_hi=a[1], b_lo=b[0], b_hi=b[1])
    return load_scenario(write(tmp, text))


def mixed(tmp: Path) -> LoadedScenario:
    """The two-issue scenario :data:`MIXED`."""
    return load_scenario(write(tmp, MIXED.format(id="mixed")))
