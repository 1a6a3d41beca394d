"""Wording that fits the numbers: the IPCC likelihood scale and number formats.

The verbal scale is the IPCC's calibrated language (Mastrandrea et al. 2010, *Guidance Note for
Lead Authors of the IPCC Fifth Assessment Report on Consistent Treatment of Uncertainties*,
Table 1; the AR4 version is reproduced by the US National Academies, NAP record 12782, App. D):
virtually certain 99-100 %, very likely 90-100 %, likely 66-100 %, about as likely as not
33-66 %, unlikely 0-33 %, very unlikely 0-10 %, exceptionally unlikely 0-1 %. The report names
the narrowest band that contains the point estimate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["IPCC_SCALE", "ipcc", "num", "pct", "prob", "prob_ci"]

IPCC_SCALE: tuple[tuple[str, str], ...] = (
    ("virtually certain", "99-100%"),
    ("very likely", "90-100%"),
    ("likely", "66-100%"),
    ("about as likely as not", "33-66%"),
    ("unlikely", "0-33%"),
    ("very unlikely", "0-10%"),
    ("exceptionally unlikely", "0-1%"),
)
"""(term, probability band) of the IPCC likelihood scale, as printed in the report."""


def ipcc(p: float | None) -> str:
    """The IPCC likelihood term of probability ``p`` (narrowest band containing it)."""
    if p is None:
        return "undefined"
    if p >= 0.99:
        return "virtually certain"
    if p >= 0.90:
        return "very likely"
    if p > 0.66:
        return "likely"
    if p >= 0.33:
        return "about as likely as not"
    if p > 0.10:
        return "unlikely"
    if p > 0.01:
        return "very unlikely"
    return "exceptionally unlikely"


def prob(p: float) -> str:
    """A probability with 2 decimals, or 4 near 0 and 1; exact 0 and 1 as ``0`` and ``1``."""
    if p == 0:
        return "0"
    if p == 1:
        return "1"
    if p < 0.01 or p > 0.99:
        return f"{p:.4f}"
    return f"{p:.2f}"


def prob_ci(e: Mapping[str, Any]) -> str:
    """``p [lo, hi]`` of an estimate (``{"p", "wilson95"}``) with its Wilson 95% interval."""
    if e.get("p") is None:
        return "undefined (no draw meets its condition)"
    lo, hi = e["wilson95"]
    return f"{prob(float(e['p']))} [{prob(float(lo))}, {prob(float(hi))}]"


def pct(p: float) -> str:
    """A probability as a percentage (``0.973`` -> ``97%``; ``< 1%`` and ``> 99%`` kept)."""
    if 0 < p < 0.005:
        return "< 1%"
    if 0.995 < p < 1:
        return "> 99%"
    return f"{100 * p:.0f}%"


def num(x: float | int | None, nd: int = 1) -> str:
    """A number with at most ``nd`` decimals and no trailing zeros (``None`` -> ``-``)."""
    if x is None:
        return "-"
    text = f"{float(x):.{nd}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def join(items: Sequence[str]) -> str:
    """English list: ``a``, ``a and b``, ``a, b and c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]
