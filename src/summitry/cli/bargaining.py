"""``summitry validate``, ``summitry analyze`` and ``summitry schema``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from summitry.cli.app import app, user_errors

if TYPE_CHECKING:
    from summitry.model.scenario import Scenario


class Format(StrEnum):
    """Output formats of ``analyze``."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="Scenario or variant YAML file")],
) -> None:
    """Check a scenario file; print every problem with file:line:column, or a summary."""
    from summitry.workflows.bargaining import validate as run_validate

    with user_errors():
        loaded = run_validate(file)
    s = loaded.scenario
    n_pos = sum(len(v) for v in s.positions.values())
    n_cites = sum(1 for _ in _cites(s))
    typer.echo(
        f"{file}: valid scenario {s.id!r}: {len(s.actors)} actors, {len(s.issues)} issues, "
        f"{n_pos} positions, {len(s.veto.ratifiers)} ratifiers, {len(s.side_issues)} side issues, "
        f"{len(s.mediators)} mediators, {n_cites} citations checked"
        + (
            f", gmcr block with {sum(len(v) for v in s.gmcr.options.values())} options"
            if s.gmcr is not None
            else ""
        )
    )


def _cites(scenario: Scenario) -> list[str]:
    from summitry.model.checks import walk_cites

    return [c for _, c in walk_cites(scenario)]


@app.command()
def analyze(
    file: Annotated[Path, typer.Argument(help="Scenario or variant YAML file")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format")] = Format.TEXT,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Also write analysis.json/.md/.txt into this directory"),
    ] = None,
) -> None:
    """Bargaining-range analysis: verdict, feasible deals, binding constraints, NBS/KS points."""
    from summitry.io.output import dumps, write_outputs
    from summitry.report.bargaining import render_markdown, render_text, to_dict
    from summitry.workflows.bargaining import analyze as run_analyze

    with user_errors():
        run = run_analyze(file)
    rendered = {
        Format.TEXT: render_text(run),
        Format.JSON: dumps(to_dict(run)),
        Format.MARKDOWN: render_markdown(run),
    }
    if out is not None:
        write_outputs(
            out,
            {
                "analysis.json": rendered[Format.JSON],
                "analysis.md": rendered[Format.MARKDOWN],
                "analysis.txt": rendered[Format.TEXT],
            },
        )
    typer.echo(rendered[fmt], nl=False)
    if out is not None and fmt is Format.TEXT:
        typer.echo(f"Results written to {out}/analysis.json, analysis.md, analysis.txt")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format (for editors and other tools)."""
    from summitry.model.scenario import Scenario

    typer.echo(json.dumps(Scenario.model_json_schema(), indent=2))
