"""Immutable, validated domain objects. Imports nothing from engines, io, cli or web."""
