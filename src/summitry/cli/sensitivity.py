"""``summitry sensitivity``: which uncertain inputs decide an outcome, and what would change it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from summitry.cli.app import app, user_errors


class SensFormat(StrEnum):
    """Output formats of ``sensitivity``."""

    TEXT = "text"
    JSON = "json"


class SensMethod(StrEnum):
    """Analyses of ``sensitivity``."""

    SOBOL = "sobol"
    MORRIS = "morris"
    TORNADO = "tornado"
    INVERSE = "inverse"


@app.command()
def sensitivity(
    file: Annotated[Path, typer.Argument(help="Scenario or variant YAML file")],
    draws: Annotated[
        int,
        typer.Option(
            "--draws", "-n", help="Base sample size (Sobol': the next power of 2 at or above it)"
        ),
    ] = 1024,
    seed: Annotated[
        int | None, typer.Option("--seed", "-s", help="Root seed (default: a fresh one, printed)")
    ] = None,
    target: Annotated[
        str,
        typer.Option("--target", "-t", help="Indicator whose probability is analysed"),
    ] = "settlement",
    method: Annotated[
        list[SensMethod] | None,
        typer.Option("--method", "-m", help="Analysis to run (repeat; default: all four)"),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes")] = 1,
    executor: Annotated[
        str, typer.Option("--executor", help="local, or dask://HOST:PORT of a Dask scheduler")
    ] = "local",
    fmt: Annotated[SensFormat, typer.Option("--format", "-f", help="Output format")] = (
        SensFormat.TEXT
    ),
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Also write sensitivity.json/.txt into this directory"),
    ] = None,
) -> None:
    """Sobol' indices, Morris screening, tornado table and inverse search for P(target)."""
    from summitry.io.output import dumps, write_outputs
    from summitry.report.sensitivity import render_text
    from summitry.workflows.sensitivity import METHODS, sensitivity_file

    methods = [m.value for m in method] if method else list(METHODS)
    with user_errors():
        _, doc = sensitivity_file(
            file,
            draws=draws,
            seed=seed,
            target=target,
            methods=methods,
            workers=workers,
            executor=executor,
        )
    rendered = {SensFormat.TEXT: render_text(doc), SensFormat.JSON: dumps(doc)}
    if out is not None:
        write_outputs(
            out,
            {
                "sensitivity.json": rendered[SensFormat.JSON],
                "sensitivity.txt": rendered[SensFormat.TEXT],
            },
        )
    if fmt is SensFormat.JSON:
        typer.echo(f"seed: {doc['seed']}", err=True)
    typer.echo(rendered[fmt], nl=False)
    if out is not None and fmt is SensFormat.TEXT:
        typer.echo(f"Results written to {out}/sensitivity.json, sensitivity.txt")
