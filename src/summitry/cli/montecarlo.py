"""``summitry simulate``: Monte Carlo over a scenario's uncertain inputs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from summitry.cli.app import app, user_errors

PROGRESS_LINES = 10
"""Plain progress lines a non-terminal run writes in all (one per 10% of the draws)."""


class LineProgress:
    """Progress for logs: one line on ``stream`` each time another tenth of the draws is done.

    ``simulate: 3072/10000 draws (30%)``; at most :data:`PROGRESS_LINES` lines per run (fewer
    when the run has fewer blocks or stops early).
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        """Record that ``done`` of ``total`` draws are counted."""
        step = min(PROGRESS_LINES, done * PROGRESS_LINES // max(total, 1))
        if step > self.shown:
            self.shown = step
            pct = 100 * done // max(total, 1)
            print(f"simulate: {done}/{total} draws ({pct}%)", file=self.stream, flush=True)


@contextmanager
def progress_reporter(stream: TextIO) -> Iterator[Callable[[int, int], None]]:
    """``progress(done, total)``: a rich bar on a terminal, else :class:`LineProgress`."""
    if not stream.isatty():
        yield LineProgress(stream)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("simulate"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("draws"),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(file=stream),
        transient=False,
    )
    task = bar.add_task("simulate", total=None)
    started = False

    def update(done: int, total: int) -> None:
        nonlocal started
        if not started:  # no empty bar before a user error: start with the first block
            bar.start()
            started = True
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if started:
            bar.stop()


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
    executor: Annotated[
        str,
        typer.Option(
            "--executor",
            "-x",
            help="Where blocks run: local (default) or dask://HOST:PORT (a Dask scheduler)",
        ),
    ] = "local",
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

    with user_errors(), progress_reporter(sys.stderr) as progress:
        run = simulate_file(
            file,
            draws=draws,
            seed=seed,
            workers=workers,
            method=method.value,
            eps=eps,
            executor=executor,
            progress=progress,
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
