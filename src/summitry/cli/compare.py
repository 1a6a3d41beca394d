"""``summitry compare``: a base scenario and its what-if variants side by side."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from summitry.cli.app import app, user_errors
from summitry.cli.montecarlo import SimFormat, SimMethod, progress_reporter


@app.command()
def compare(
    base: Annotated[Path, typer.Argument(help="Base scenario YAML file")],
    variants: Annotated[
        list[Path], typer.Argument(help="Variant files (extends: + changes:) or other scenarios")
    ],
    draws: Annotated[int, typer.Option("--draws", "-n", help="Draws per scenario")] = 10_000,
    seed: Annotated[
        int | None, typer.Option("--seed", "-s", help="Root seed, shared by every scenario")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes")] = 1,
    executor: Annotated[
        str, typer.Option("--executor", "-x", help="local (default) or dask://HOST:PORT")
    ] = "local",
    method: Annotated[
        SimMethod, typer.Option("--method", "-m", help="Plain Monte Carlo, Latin hypercube, Sobol'")
    ] = SimMethod.MC,
    fmt: Annotated[SimFormat, typer.Option("--format", "-f", help="Output format")] = (
        SimFormat.TEXT
    ),
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Also write comparison.json/.txt into this directory"),
    ] = None,
) -> None:
    """Outcome probabilities of a base scenario and its variants, with differences."""
    from summitry.io.output import dumps, write_outputs
    from summitry.report.compare import render_text
    from summitry.workflows.compare import compare_files

    with user_errors(), progress_reporter(sys.stderr) as progress:
        data = compare_files(
            base,
            variants,
            draws=draws,
            seed=seed,
            workers=workers,
            method=method.value,
            executor=executor,
            progress=progress,
        )
    rendered = {SimFormat.TEXT: render_text(data), SimFormat.JSON: dumps(data)}
    if out is not None:
        write_outputs(
            out,
            {
                "comparison.json": rendered[SimFormat.JSON],
                "comparison.txt": rendered[SimFormat.TEXT],
            },
        )
    if fmt is SimFormat.JSON:
        typer.echo(f"seed: {data['seed']}", err=True)
    typer.echo(rendered[fmt], nl=False)
    if out is not None and fmt is SimFormat.TEXT:
        typer.echo(f"Results written to {out}/comparison.json, comparison.txt")
