"""Monte Carlo over a scenario's uncertain inputs: sampling and outcome probabilities."""

from summitry.engines.montecarlo.sampler import (
    BLOCK_SIZE,
    Method,
    Sample,
    SampleSpace,
    sample,
    sample_block,
    sample_space,
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
    "Simulation",
    "Tally",
    "evaluate_block",
    "jeffreys_interval",
    "sample",
    "sample_block",
    "sample_space",
    "simulate",
    "summarise",
    "wilson_interval",
]
