"""Engines: pure functions over validated models and numpy arrays (no I/O, CLI or web imports)."""
