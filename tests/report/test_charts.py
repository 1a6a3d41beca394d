"""Charts: accessible, deterministic, self-contained SVG (titles, desc, axis labels, palette)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from summitry.report import charts
from tests.report._helpers import estimate, horizon

ANALYSIS: dict[str, Any] = {
    "issues": [
        {"id": "X", "status_quo": 50.0, "disagreement": 60.0},
        {"id": "Y", "status_quo": 20.0, "disagreement": 30.0},
    ],
    "package": {
        "deal": True,
        "ranges": {"X": [50.0, 70.0], "Y": [0.0, 40.0]},
        "nbs": {"point": {"X": 60.0, "Y": 10.0}},
    },
}
POSITIONS = {
    "A": {
        "X": {"ideal": 100.0, "lo": 50.0, "hi": 100.0, "hard": True},
        "Y": {"ideal": 0.0, "lo": 0.0, "hi": 100.0, "hard": False},
    },
    "B": {"X": {"ideal": 0.0, "lo": 0.0, "hi": 70.0, "hard": True}},
}
GMCR: dict[str, Any] = {
    "equilibria": {"nash": [3], "seq": [3, 4]},
    "status_quo": {
        "state": 1,
        "equilibria": [
            {
                "state": 3,
                "path": [
                    {"mover": None, "state": 1},
                    {"mover": "A", "state": 2},
                    {"mover": "B", "state": 3},
                ],
                "improvement_path": None,
            },
            {
                "state": 4,
                "path": [{"mover": None, "state": 1}, {"mover": "B", "state": 4}],
                "improvement_path": [{"mover": None, "state": 1}, {"mover": "B", "state": 4}],
            },
        ],
    },
}


def _cases() -> list[tuple[str, Any]]:
    hz = horizon({"O6_SETTLEMENT": 0, "O3_LIMITED_DEALS": 600, "O1_ESCALATION": 400})
    return [
        (
            "Positions by issue",
            lambda: charts.issue_strip_chart(ANALYSIS, POSITIONS, {"A": "Alpha"}),
        ),
        (
            "Outcome at the horizon",
            lambda: charts.outcome_bars_chart(
                hz["outcomes"], hz["labels"], "Outcome at the horizon"
            ),
        ),
        (
            "Tornado",
            lambda: charts.tornado_chart(
                [{"input": "a.b", "low": {"p": 0.1}, "high": {"p": 0.4}, "swing": 0.3}],
                "settlement",
            ),
        ),
        (
            "What-if variants",
            lambda: charts.variants_chart(
                {
                    "variants": [
                        {
                            "id": "s.v1",
                            "delta": {
                                "O6": {"dp": 0.1, "diff95": [0.05, 0.15]},
                                "O5": {"dp": None, "diff95": None},
                            },
                        }
                    ]
                },
                ["O6", "O5"],
            ),
        ),
        ("Graph model", lambda: charts.gmcr_graph_chart(GMCR)),
        (
            "Monte Carlo convergence",
            lambda: charts.convergence_chart(
                {"n": [100, 200, 400], "series": {"s": [10, 30, 50]}, "labels": {"s": "settlement"}}
            ),
        ),
    ]


@pytest.mark.parametrize(("title", "make"), _cases(), ids=[c[0] for c in _cases()])
def test_chart_is_accessible_and_deterministic(title: str, make: Any) -> None:
    svg, got_title, alt = make()
    assert got_title.startswith(title)
    assert svg.startswith('<svg role="img" ')
    assert f"<title>{got_title}</title>" in svg.replace("&#x27;", "'")
    assert "<desc>" in svg
    assert alt
    assert 'xlink:href="http' not in svg
    assert 'href="http' not in svg
    assert len(re.findall(r"<path ", svg)) > 3
    assert make()[0] == svg  # same input, same bytes (fixed hash salt, no date)


def test_palette_is_okabe_ito() -> None:
    assert charts.OKABE_ITO[:3] == ("#E69F00", "#56B4E9", "#009E73")


def test_estimates_with_intervals_drawn() -> None:
    svg, _, alt = charts.outcome_bars_chart(
        {"a": estimate(1, 4, 0.05, 0.7), "b": estimate(3, 4, 0.3, 0.95)}, {"a": "first"}, "T"
    )
    assert "first 0.250" in alt
    assert "b 0.750" in alt
    assert "probability (fraction of Monte Carlo draws" in svg
