"""summitry: will these talks resolve the conflict, and if not, what would have to change?

The package turns a written conflict analysis into an explicit, cited model (a scenario file) and
computes answers with the field's established methods: bargaining ranges (Fearon 1995; Nash 1950;
Putnam 1988), the Graph Model for Conflict Resolution, spatial forecasting and Monte Carlo.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
