"""Test configuration: a deterministic hypothesis profile for CI (stack.md §9).

On CI (``CI`` set) hypothesis derandomises its examples, so a green run here is a green run
there; locally it explores new examples on every run.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
