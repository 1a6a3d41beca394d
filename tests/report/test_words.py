"""The IPCC likelihood scale and number formats (Mastrandrea et al. 2010, Table 1)."""

from __future__ import annotations

import pytest

from summitry.report.document.words import ipcc, join, num, pct, prob, prob_ci


@pytest.mark.parametrize(
    ("p", "term"),
    [
        (1.0, "virtually certain"),
        (0.99, "virtually certain"),
        (0.95, "very likely"),
        (0.90, "very likely"),
        (0.67, "likely"),
        (0.66, "about as likely as not"),
        (0.50, "about as likely as not"),
        (0.33, "about as likely as not"),
        (0.32, "unlikely"),
        (0.10, "very unlikely"),
        (0.05, "very unlikely"),
        (0.01, "exceptionally unlikely"),
        (0.0, "exceptionally unlikely"),
        (None, "undefined"),
    ],
)
def test_ipcc_bands(p: float | None, term: str) -> None:
    assert ipcc(p) == term


def test_number_formats() -> None:
    assert prob(0.0) == "0"
    assert prob(1.0) == "1"
    assert prob(0.0004) == "0.0004"
    assert prob(0.9996) == "0.9996"
    assert prob(0.5) == "0.50"
    assert pct(0.973) == "97%"
    assert pct(0.001) == "< 1%"
    assert pct(0.999) == "> 99%"
    assert num(12.0) == "12"
    assert num(12.25, 2) == "12.25"
    assert num(-0.0) == "0"
    assert num(None) == "-"
    assert join(["a", "b", "c"]) == "a, b and c"
    assert prob_ci({"p": 0.04, "wilson95": [0.03, 0.05]}) == "0.04 [0.03, 0.05]"
    assert prob_ci({"p": None, "wilson95": [0, 1]}).startswith("undefined")
