"""The one randomness policy of summitry (SPEC 7 style).

Every stochastic function takes a keyword-only ``rng`` that may be ``None``, an integer seed, a
:class:`numpy.random.SeedSequence` or a :class:`numpy.random.Generator`; it is normalised once by
:func:`as_generator`. Replications get independent child streams from :func:`spawn`, so a result
depends on the seed only, never on the number of workers.
"""

from __future__ import annotations

import numpy as np

__all__ = ["RNGLike", "SeedLike", "as_generator", "fresh_seed", "spawn"]

SeedLike = int | np.random.SeedSequence
RNGLike = np.random.Generator


def fresh_seed() -> int:
    """Draw a new 63-bit seed from the operating system's entropy (to be printed and stored)."""
    return int(np.random.SeedSequence().generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def as_generator(rng: RNGLike | SeedLike | None) -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` for ``rng``.

    ``None`` gives an OS-seeded generator; an ``int`` (0 included) or a ``SeedSequence`` seeds a
    PCG64 generator; a ``Generator`` is returned unchanged.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(rng)


def spawn(seed: SeedLike, n: int) -> list[np.random.SeedSequence]:
    """Return ``n`` independent child seed sequences of ``seed`` (replication k gets child k)."""
    parent = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return parent.spawn(n)
