"""``summitry gmcr``: stability analysis of a graph-model conflict (thin adapter).

``summitry gmcr FILE [--format text|json|dot] [--compat gmcr-py] [--status-quo STATE]`` where
FILE is a gmcr-py ``.gmcr`` file or a YAML file with a ``gmcr:`` block. Everything is computed by
:mod:`summitry.workflows.gmcr`.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from summitry.cli.app import app, user_errors

# the engine's defaults, repeated so that starting the CLI does not import the GMCR engine
# (tests/cli/test_gmcr_cli.py checks they agree with summitry.engines.gmcr.states)
DEFAULT_MAX_OPTIONS = 24
DEFAULT_MAX_STATES = 1 << 21

__all__ = ["gmcr"]


class OutputFormat(StrEnum):
    """Report formats."""

    TEXT = "text"
    JSON = "json"
    DOT = "dot"


class Compat(StrEnum):
    """Definition sets."""

    TEXTBOOK = "textbook"
    GMCR_PY = "gmcr-py"


class CoalitionMoves(StrEnum):
    """How a coalition moves."""

    JOINT = "joint"
    SEQUENCE = "sequence"


@app.command("gmcr")
def gmcr(
    file: Annotated[Path, typer.Argument(help="A gmcr-py .gmcr file or a YAML file with gmcr:")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text, json, or dot (status-quo graph)")
    ] = OutputFormat.TEXT,
    compat: Annotated[
        Compat,
        typer.Option("--compat", help="textbook definitions, or gmcr-py 0.4.1's chain rule"),
    ] = Compat.TEXTBOOK,
    status_quo: Annotated[
        str | None,
        typer.Option("--status-quo", help="State number or YN string to trace paths from"),
    ] = None,
    horizon: Annotated[
        int | None, typer.Option("--horizon", help="Also compute limited-move L_h (2 DMs)")
    ] = None,
    coalition: Annotated[
        list[str] | None,
        typer.Option("--coalition", help="Coalition as DM names joined by + (repeatable)"),
    ] = None,
    coalition_moves: Annotated[
        CoalitionMoves,
        typer.Option(
            "--coalition-moves",
            help="joint (any joint change, gmcr-py) or sequence (members' legal sequences)",
        ),
    ] = CoalitionMoves.JOINT,
    desired: Annotated[
        str | None, typer.Option("--desired", help="Inverse GMCR: the state to make stable")
    ] = None,
    vary: Annotated[
        list[str] | None,
        typer.Option("--vary", help="Inverse GMCR: DM=START:END ranking positions to permute"),
    ] = None,
    export: Annotated[
        Path | None, typer.Option("--export-gmcr", help="Also write the model as a .gmcr file")
    ] = None,
    max_options: Annotated[
        int, typer.Option("--max-options", help="Refuse models with more options")
    ] = DEFAULT_MAX_OPTIONS,
    max_states: Annotated[
        int, typer.Option("--max-states", help="Refuse models with more feasible states")
    ] = DEFAULT_MAX_STATES,
) -> None:
    """Stability (Nash, GMR, SEQ, SMR, SIM), equilibria and status-quo paths of a conflict."""
    with user_errors():
        from summitry.io.gmcr_py import save_gmcr
        from summitry.workflows import gmcr as wf

        loaded = wf.load_model(file, max_options=max_options, max_states=max_states)
        report = wf.run(
            loaded,
            rule="gmcr-py" if compat is Compat.GMCR_PY else "textbook",
            status_quo=status_quo,
            horizon=horizon,
            coalitions=coalition or (),
            desired=desired,
            vary=vary or (),
            coalition_moves="sequence" if coalition_moves is CoalitionMoves.SEQUENCE else "joint",
        )
        if export is not None:
            save_gmcr(loaded.conflict, export)
        if output_format is OutputFormat.JSON:
            typer.echo(json.dumps(wf.to_json(report), indent=1))
        elif output_format is OutputFormat.DOT:
            typer.echo(wf.to_dot(report), nl=False)
        else:
            typer.echo(wf.to_text(report), nl=False)
