"""Spatial forecasting engines: compromise and median baselines, exact asymmetric Nash bargaining,
Bueno de Mesquita's expected-utility model (Scholz et al. 2011) and Stokman's exchange model.

Pure functions over numpy arrays; no file, CLI or web imports. Positions are on a 0--100 scale
(any common scale works for the baselines), ``NaN`` marks an actor absent from an issue.
"""
