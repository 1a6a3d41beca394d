"""Unit tests of every section template against edge cases (issue 5 acceptance).

Zone empty / full, probability 0 or 1, one actor, no GMCR block, no uncertainty, a horizon
block as the outcome model's JSON contract, sensitivity and comparison documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summitry.report.document.builders import build_sections
from summitry.report.document.model import Figure, Para, Section, Table
from tests.report._helpers import (
    ONE_ACTOR,
    TWO_ACTORS,
    estimate,
    horizon,
    results,
    scenario_file,
    simulation,
)


def _text(sections: tuple[Section, ...]) -> str:
    out = []
    for sec in sections:
        out.append(sec.title)
        for b in sec.blocks:
            if isinstance(b, Para):
                out += [s.text for s in b.sentences]
            elif isinstance(b, Table):
                out += [" | ".join(r) for r in b.rows]
    return "\n".join(out)


def _section(sections: tuple[Section, ...], sid: str) -> Section:
    return next(s for s in sections if s.id == sid)


def test_zone_empty_names_both_red_lines(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, TWO_ACTORS, RES_A=70, RES_B=40, HARD=True, COST=10)
    secs = build_sections(results(path), {})
    text = _text(secs)
    assert (
        "No package satisfies both Alpha's hard line on X (≥ 70) and Beta's hard line on X (≤ 40)."
        in text
    )
    assert "X can therefore be part of no agreement at all." in text
    # the red lines' citations and input paths travel with the sentence
    sent = next(
        s
        for b in _section(secs, "objectives").blocks
        if isinstance(b, Para)
        for s in b.sentences
        if s.text.startswith("No package")
    )
    assert sent.refs == ("positions.A.X.reservation", "positions.B.X.reservation")
    assert sent.cites == ("S1",)
    assert "nothing acceptable" in text or "no agreement of any kind" in text


def test_zone_full_says_the_whole_space(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, TWO_ACTORS, RES_A=0, RES_B=100, HARD=False, COST=100)
    text = _text(build_sections(results(path), {}))
    assert "Every package on the 0-100 scales is acceptable to all signatories" in text
    assert "The asymmetric Nash bargaining solution (Nash 1950; Kalai 1977) is X = " in text


def test_partial_zone_gives_its_range_and_nbs(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, TWO_ACTORS, RES_A=0, RES_B=100, HARD=False, COST=10)
    text = _text(build_sections(results(path), {}))
    # Fearon range [p - c_A, p + c_B] = [50, 70] on the 0-100 scale with p = 60, c = 10
    assert "the zone of agreement spans X 50-70" in text
    assert "is X = 60; gains over continued conflict: Alpha +10, Beta +10." in text


def test_one_actor(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, ONE_ACTOR)
    text = _text(build_sections(results(path), {}))
    assert "Only one signatory (Alone) has to agree" in text
    assert "No domestic ratifier is declared" in text


def test_no_gmcr_block_and_no_uncertainty(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, TWO_ACTORS, RES_A=0, RES_B=100, HARD=False, COST=10)
    secs = build_sections(results(path, notes=("No Monte Carlo was run.",)), {})
    text = _text(secs)
    assert "The scenario has no graph-model (gmcr:) block" in text
    assert "The scenario has no uncertain inputs" in text
    assert "Article check" not in [s.title for s in secs]
    assert "The scenario declares no compliance probabilities" in text


@pytest.mark.parametrize(
    ("k", "words", "shown"),
    [
        (0, "exceptionally unlikely", "0 [0, 0.0038]"),
        (1000, "virtually certain", "1 [0.9962, 1]"),
        (500, "about as likely as not", "0.50 [0.47, 0.53]"),
    ],
)
def test_probability_zero_one_and_half(tmp_path: Path, k: int, words: str, shown: str) -> None:
    path = scenario_file(tmp_path, TWO_ACTORS, RES_A=70, RES_B=40, HARD=True, COST=10)
    lo, hi = {0: (0.0, 0.0038), 1000: (0.9962, 1.0), 500: (0.469, 0.531)}[k]
    sim = simulation(
        {
            "settlement": estimate(k, 1000, lo, hi),
            "limited_only": estimate(1000 - k, 1000, 1 - hi, 1 - lo),
            "nothing": estimate(0, 1000, 0.0, 0.0038),
        }
    )
    text = _text(build_sections(results(path, simulation=sim), {}))
    assert (
        f"a comprehensive zone of agreement exists with probability {shown} "
        f"(Wilson 95% interval): {words}." in text
    )


def test_horizon_block_contract(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, TWO_ACTORS, RES_A=70, RES_B=40, HARD=True, COST=10)
    hz = horizon(
        {
            "O6_SETTLEMENT": 40,
            "O5_DURABLE_CEASEFIRE": 200,
            "O7_DECISIVE": 10,
            "O4_FAILED_CEASEFIRE": 250,
            "O3_LIMITED_DEALS": 450,
            "O2_TALKS_ONLY": 30,
            "O1_ESCALATION": 20,
        }
    )
    sim = simulation(
        {
            "settlement": estimate(0, 1000, 0, 0.0038),
            "limited_only": estimate(1000, 1000, 0.9962, 1),
            "nothing": estimate(0, 1000, 0, 0.0038),
        },
        horizon=hz,
    )
    text = _text(build_sections(results(path, simulation=sim), {}))
    assert (
        "P(comprehensive settlement within 12 months) = 0.04 [0.01, 0.07]: very unlikely." in text
    )
    assert (
        "The most likely outcome at the horizon is limited deals "
        "(O3_LIMITED_DEALS, P = 0.45 [0.42, 0.48])." in text
    )
    assert "Grouped, continued conflict has P = 0.75 [0.72, 0.78] (likely)." in text
    # a conditional indicator without any qualifying draw is reported as undefined, not as 0
    assert (
        "Indicator ceasefire collapse given agreed: P = undefined (no draw meets its condition)."
        in text
    )
    assert "O3_LIMITED_DEALS | limited deals | 0.45 | [0.42, 0.48] | about as likely as not" in text


def test_sensitivity_and_variants(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, TWO_ACTORS, RES_A=0, RES_B=100, HARD=False, COST=10)
    sens = {
        "target": "settlement",
        "sobol": [
            {
                "input": "disagreement.cost.A",
                "S1": 0.3,
                "S1_95": [0.2, 0.4],
                "ST": 0.41,
                "ST_95": [0.3, 0.5],
            },
            {
                "input": "positions.B.X.reservation",
                "S1": 0.1,
                "S1_95": [0.0, 0.2],
                "ST": 0.12,
                "ST_95": [0.0, 0.2],
            },
        ],
        "tornado": [],
        "inverse": None,
    }
    base = simulation({"settlement": estimate(500, 1000, 0.47, 0.53)})
    comp = {
        "seed": 11,
        "draws": 1000,
        "base": {"id": "two", "file": "scenario.yaml", "simulation": base},
        "variants": [
            {
                "id": "two.cheaper",
                "file": "two.cheaper.yaml",
                "title": "War is cheaper",
                "simulation": base,
                "delta": {
                    "zone:settlement": {"dp": -0.2, "diff95": [-0.25, -0.15]},
                    "zone:nothing": {"dp": None, "diff95": None},
                },
            }
        ],
    }
    secs = build_sections(results(path, simulation=base, sensitivity=sens, comparison=comp), {})
    text = _text(secs)
    assert (
        "The settlement probability is most sensitive to disagreement.cost.A "
        "(Sobol total index S_T = 0.41)." in text
    )
    assert "disagreement.cost.A | 0.3 | [0.2, 0.4] | 0.41 | [0.3, 0.5]" in text
    assert "zone:settlement | -0.200 [-0.250, -0.150]" in text
    assert "zone:nothing | -" in text
    assert "cheaper (two.cheaper.yaml): War is cheaper." in text


def test_figures_are_placed_in_their_sections(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, TWO_ACTORS, RES_A=0, RES_B=100, HARD=False, COST=10)
    fig = Figure(id="issues", title="T", alt="A", svg="<svg></svg>")
    secs = build_sections(results(path), {"issues": fig})
    assert fig in _section(secs, "objectives").blocks
