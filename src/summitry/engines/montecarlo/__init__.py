"""Monte Carlo over a scenario's uncertain inputs: sampling and outcome probabilities."""

from summitry.engines.montecarlo.sampler import (
    BLOCK_SIZE,
    Method,
    Sample,
    SampleSpace,
    cholesky_psd,
    correlate,
    sample,
    sample_block,
    sample_space,
)
from summitry.engines.montecarlo.sensitivity import (
    SensitivityError,
    inverse_search,
    morris,
    sobol,
    tornado,
)
from summitry.engines.montecarlo.simulate import (
    CATEGORIES,
    Estimate,
    Simulation,
    Tally,
    evaluate_block,
    jeffreys_interval,
    simulate,
    summarise,
    wilson_interval,
)

__all__ = [
    "BLOCK_SIZE",
    "CATEGORIES",
    "Estimate",
    "Method",
    "Sample",
    "SampleSpace",
    "SensitivityError",
    "Simulation",
    "Tally",
    "cholesky_psd",
    "correlate",
    "evaluate_block",
    "inverse_search",
    "jeffreys_interval",
    "morris",
    "sample",
    "sample_block",
    "sample_space",
    "simulate",
    "sobol",
    "summarise",
    "tornado",
    "wilson_interval",
]
