"""``summitry report``: the explained report (HTML, Markdown, PDF) of a scenario (thin adapter).

Everything is computed by :mod:`summitry.workflows.report`; this module parses options, prints
the seed and writes the files (all or none).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from summitry.cli.app import app, user_errors

__all__ = ["report"]


class ReportFormat(StrEnum):
    """Report file formats."""

    HTML = "html"
    MD = "md"
    PDF = "pdf"


@app.command()
def report(
    file: Annotated[Path, typer.Argument(help="Scenario or variant YAML file")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the report into")],
    draws: Annotated[
        int, typer.Option("--draws", "-n", min=1, help="Monte Carlo draws (base and variants)")
    ] = 10_000,
    seed: Annotated[
        int | None, typer.Option("--seed", "-s", min=0, help="Root seed (default: fresh, printed)")
    ] = None,
    variants: Annotated[
        list[Path] | None,
        typer.Option("--variants", "-V", help="What-if variant file to compare (repeatable)"),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes")] = 1,
    formats: Annotated[
        list[ReportFormat] | None,
        typer.Option("--format", "-f", help="html, md or pdf (repeatable; default html + md)"),
    ] = None,
) -> None:
    """Write the explained report: verdict, reasons, scenarios, charts, every number cited."""
    from summitry.io.output import write_outputs
    from summitry.workflows.report import build_report, render_report

    chosen = [f.value for f in formats] if formats else ["html", "md"]
    with user_errors():
        run = build_report(
            file, draws=draws, seed=seed, variants=variants or [], workers=workers, out=str(out)
        )
        if seed is None and run.seed is not None:
            typer.echo(f"seed: {run.seed}", err=True)
        files = render_report(run, chosen)
        written = write_outputs(out, files)
    main = [p for p in written if not p.name.endswith(".svg")]
    typer.echo(
        f"Report of {run.document.title.removeprefix('Explained report: ')!r} written to "
        + ", ".join(str(p) for p in main)
        + (f" (+{len(written) - len(main)} SVG figures)" if len(written) > len(main) else "")
        + f" in {run.seconds:.1f} s"
    )
    typer.echo(f"Reproduce: {run.document.command}")
