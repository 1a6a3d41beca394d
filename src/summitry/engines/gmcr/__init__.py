"""Graph Model for Conflict Resolution engines: states, reachability, stability, status quo.

Pure functions over :class:`~summitry.model.gmcr.Conflict` and numpy arrays; nothing here reads
files or prints.
"""

from summitry.engines.gmcr.stability import CONCEPTS, StabilityResult, analyse
from summitry.engines.gmcr.states import Compiled, RankingError, compile_conflict

__all__ = ["CONCEPTS", "Compiled", "RankingError", "StabilityResult", "analyse", "compile_conflict"]
