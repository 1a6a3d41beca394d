"""``summitry simulate``: Monte Carlo over a scenario's uncertain inputs."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from summitry.cli.app import app, user_errors


class SimFormat(StrEnum):
    """Output formats of ``simulate``."""

    TEXT = "text"
    JSON = "json"


class SimMethod(StrEnum):
    """Sampling designs of ``simulate``."""

    MC = "mc"
    LHS = "lhs"
    SOBOL = "sobol"


@app.command()
def simulate(
    file: Annotated[Path, typer.Argument(help="Scenario or variant YAML file")],
    draws: Annotated[
        int, typer.Option("--draws", "-n", help="Number of draws (the maximum with --eps)")
    ] = 10_000,
    seed: Annotated[
        int | None, typer.Option("--seed", "-s", help="Root seed (default: a fresh one, printed)")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes")] = 1,
    method: Annotated[
        SimMethod, typer.Option("--method", "-m", help="Plain Monte Carlo, Latin hypercube, Sobol'")
    ] = SimMethod.MC,
    eps: Annotated[
        float | None,
        typer.Option("--eps", help="Stop when the widest 95% interval is narrower than this"),
    ] = None,
    fmt: Annotated[SimFormat, typer.Option("--format", "-f", help="Output format")] = (
        SimFormat.TEXT
    ),
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Also write simulation.json/.txt into this directory"),
    ] = None,
) -> None:
    """Outcome probabilities (settlement, limited deals only, nothing) with 95% intervals."""
    from summitry.io.output import dumps, write_outputs
    from summitry.report.montecarlo import render_text, to_dict
    from summitry.workflows.montecarlo import simulate_file

    with user_errors():
        run = simulate_file(
            file, draws=draws, seed=seed, workers=workers, method=method.value, eps=eps
        )
    rendered = {SimFormat.TEXT: render_text(run), SimFormat.JSON: dumps(to_dict(run))}
    if out is not None:
        write_outputs(
            out,
            {
                "simulation.json": rendered[SimFormat.JSON],
                "simulation.txt": rendered[SimFormat.TEXT],
            },
        )
    if fmt is SimFormat.JSON:
        typer.echo(f"seed: {run.simulation.seed}", err=True)
    typer.echo(rendered[fmt], nl=False)
    if out is not None and fmt is SimFormat.TEXT:
        typer.echo(f"Results written to {out}/simulation.json, simulation.txt")
