"""Command-line interface (typer + rich): a thin adapter over :mod:`summitry.workflows`."""
