"""``summitry forecast`` and ``summitry import``: spatial forecasts and peer-format importers.

A thin adapter over :mod:`summitry.workflows.spatial` and the importers in :mod:`summitry.io`.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from summitry.cli.app import app, user_errors
from summitry.errors import InputError, Problem
from summitry.workflows.spatial import SpatialForecast, SpatialModel, forecast, load_any

__all__ = ["forecast_command", "import_command"]


class OutputFormat(str, Enum):
    """Output formats of ``summitry forecast``."""

    TEXT = "text"
    JSON = "json"


class ImportFrom(str, Enum):
    """Peer formats ``summitry import`` reads."""

    DECIDE = "decide"
    KTAB = "ktab"


def _fmt(v: float | None) -> str:
    return "undefined" if v is None or not np.isfinite(v) else f"{v:.4f}"


def _text(fc: SpatialForecast, title: str) -> str:
    lines = [f"{title}: model {fc.model}"]
    width = max(len(i) for i in fc.issues) if fc.issues else 5
    for iid, v, nat in zip(fc.issues, fc.outcome, fc.native, strict=True):
        extra = f"  (native {_fmt(nat)})" if nat is not None else ""
        lines.append(f"  {iid:<{width}}  {_fmt(float(v)):>10}{extra}")
    if len(fc.trajectory) > 1:
        lines.append("trajectory (round: " + ", ".join(fc.issues) + "):")
        for r, row in enumerate(fc.trajectory):
            lines.append(f"  {r:>3}: " + ", ".join(_fmt(float(v)) for v in row))
    lines.extend(f"note: {n}" for n in fc.notes)
    return "\n".join(lines)


@app.command("forecast")
def forecast_command(
    file: Annotated[Path, typer.Argument(help="Scenario YAML, or a Decide / KTAB input file")],
    model: Annotated[SpatialModel, typer.Option("--model", "-m", help="Spatial model")] = (
        SpatialModel.MEAN
    ),
    rounds: Annotated[
        int | None, typer.Option("--rounds", min=1, max=1000, help="Rounds (dynamic models)")
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json")] = (
        OutputFormat.TEXT
    ),
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for random variants")] = None,
    input_format: Annotated[
        str, typer.Option("--input-format", help="auto, scenario, decide or ktab")
    ] = "auto",
) -> None:
    """Forecast where each issue is heading with a spatial model (0-100 scale)."""
    with user_errors():
        scenario = load_any(file, input_format=input_format)
        fc = forecast(scenario, model, rounds=rounds, rng=seed)
        if output is OutputFormat.JSON:
            payload = {"scenario": scenario.id, "file": str(file), **fc.to_json()}
            typer.echo(json.dumps(payload, indent=2, allow_nan=False))
        else:
            typer.echo(_text(fc, scenario.id))


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            [
                Problem(
                    file="<command line>",
                    line=0,
                    col=0,
                    path=option,
                    message="not a date",
                    value=repr(value),
                    expected="a date YYYY-MM-DD",
                    fix=f"write {option} as YYYY-MM-DD",
                )
            ]
        ) from None


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The peer's input file")],
    source: Annotated[ImportFrom, typer.Option("--from", help="Format of FILE")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Scenario YAML to write")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Information cut-off (default: today)")
    ] = None,
    horizon: Annotated[
        str | None, typer.Option("--horizon", help="End of forecast window (default: +1 year)")
    ] = None,
) -> None:
    """Import a Decide or KTAB input file as a summitry scenario (YAML)."""
    from summitry.io.decide import decide_to_scenario, dump_scenario_yaml, read_decide
    from summitry.io.ktab import ktab_to_scenario, read_ktab

    with user_errors():
        a, h = _date(as_of, "--as-of"), _date(horizon, "--horizon")
        if source is ImportFrom.DECIDE:
            doc = decide_to_scenario(read_decide(file), as_of=a, horizon=h)
        else:
            doc = ktab_to_scenario(read_ktab(file), as_of=a, horizon=h)
        out.write_text(dump_scenario_yaml(doc), encoding="utf-8")
        typer.echo(f"wrote {out} ({len(doc['actors'])} actors, {len(doc['issues'])} issues)")
