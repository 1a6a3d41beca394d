"""Side issues: separable deals (prisoner exchanges, corridors) settled on their own.

A side deal is feasible when every party gains from it: :math:`v_{ij} > 0` for all parties
:math:`j` (Fearon 1995: a deal both prefer to no deal; issue linkage is absent by definition of a
separable issue).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["side_deal_feasible"]


def side_deal_feasible(values: Mapping[str, float]) -> bool:
    """True when every party's utility gain from the side deal is strictly positive."""
    return bool(values) and all(v > 0 for v in values.values())
