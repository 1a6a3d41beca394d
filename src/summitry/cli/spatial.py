"""``summitry forecast`` and ``summitry import``: spatial forecasts and peer-format importers.

A thin adapter over :mod:`summitry.workflows.spatial` and the importers in :mod:`summitry.io`.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from summitry.cli.app import app, user_errors
from summitry.errors import InputError, Problem, SummitryError
from summitry.model.scenario import Scenario
from summitry.rng import fresh_seed
from summitry.workflows.spatial import (
    SpatialForecast,
    SpatialModel,
    accuracy,
    forecast,
    load_any,
)

__all__ = ["accuracy_command", "export_command", "forecast_command", "import_command"]


class OutputFormat(StrEnum):
    """Output formats of ``summitry forecast``."""

    TEXT = "text"
    JSON = "json"


class ImportFrom(StrEnum):
    """Peer formats ``summitry import`` reads."""

    DECIDE = "decide"
    KTAB = "ktab"
    GMCR_PY = "gmcr-py"


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


class Ties(StrEnum):
    """Tie-breaking of the exchange model."""

    ORDER = "order"
    RANDOM = "random"


class Rate(StrEnum):
    """Exchange rate rule of the exchange model."""

    EQUAL = "equal"
    RANDOM = "random"


class ForecastModel(StrEnum):
    """``--model`` choices: every :class:`SpatialModel` plus ``all`` (side by side)."""

    MEAN = "mean"
    MEDIAN = "median"
    MEAN_CAPABILITY = "mean-capability"
    MEDIAN_CAPABILITY = "median-capability"
    NBS = "nbs"
    EUM = "eum"
    EXCHANGE = "exchange"
    SMP = "smp"
    ALL = "all"


def _side_by_side(
    scenario: Scenario,
    file: str,
    output: OutputFormat,
    rounds: int | None,
    seed: int | None,
    ties: str,
    rate: str,
) -> None:
    """Run every model on the scenario and show the forecasts side by side."""
    results: dict[str, SpatialForecast] = {}
    failed: dict[str, str] = {}
    for m in SpatialModel:
        try:
            results[m.value] = forecast(
                scenario, m, rounds=rounds, rng=seed, tie_break=ties, exchange_rate=rate
            )
        except SummitryError as exc:
            failed[m.value] = str(exc)
    if output is OutputFormat.JSON:
        payload = {
            "scenario": scenario.id,
            "file": file,
            "models": {name: fc.to_json() for name, fc in results.items()},
            "failed": failed,
        }
        typer.echo(json.dumps(payload, indent=2, allow_nan=False))
        return
    names = list(results)
    issues = next(iter(results.values())).issues if results else ()
    width = max([len(i) for i in issues] + [5])
    lines = [f"{scenario.id}: forecasts by model (0-100)"]
    lines.append(" " * (width + 2) + "".join(f"{n:>19}" for n in names))
    for d, iid in enumerate(issues):
        row = "".join(f"{_fmt(float(results[n].outcome[d])):>19}" for n in names)
        lines.append(f"  {iid:<{width}}{row}")
    lines.extend(f"not run: {name}: {why}" for name, why in failed.items())
    typer.echo("\n".join(lines))


@app.command("forecast")
def forecast_command(
    file: Annotated[Path, typer.Argument(help="Scenario YAML, or a Decide / KTAB input file")],
    model: Annotated[
        ForecastModel, typer.Option("--model", "-m", help="Spatial model, or all side by side")
    ] = ForecastModel.MEAN,
    rounds: Annotated[
        int | None, typer.Option("--rounds", min=1, max=1000, help="Rounds (dynamic models)")
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json")] = (
        OutputFormat.TEXT
    ),
    ties: Annotated[
        Ties, typer.Option("--ties", help="Exchange model ties: order (Decide) or random")
    ] = Ties.ORDER,
    rate: Annotated[
        Rate, typer.Option("--rate", help="Exchange model rate: equal (gain) or random")
    ] = Rate.EQUAL,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed for --ties random / --rate random")
    ] = None,
    input_format: Annotated[
        str, typer.Option("--input-format", help="auto, scenario, decide or ktab")
    ] = "auto",
) -> None:
    """Forecast where each issue is heading with a spatial model (0-100 scale)."""
    with user_errors():
        scenario = load_any(file, input_format=input_format)
        if (ties == "random" or rate == "random") and seed is None:
            seed = fresh_seed()
            typer.echo(f"seed: {seed}", err=True)
        if model is ForecastModel.ALL:
            _side_by_side(scenario, str(file), output, rounds, seed, ties, rate)
            return
        fc = forecast(
            scenario, model.value, rounds=rounds, rng=seed, tie_break=ties, exchange_rate=rate
        )
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
    """Import a Decide or KTAB input file as a summitry scenario, or a gmcr-py file as a YAML
    graph model (a ``gmcr:`` block that ``summitry gmcr`` reads)."""
    from summitry.io.decide import decide_to_scenario, read_decide
    from summitry.io.gmcr_py import conflict_to_block, load_gmcr
    from summitry.io.ktab import ktab_to_scenario, read_ktab
    from summitry.io.output import write_outputs
    from summitry.io.yamlfile import dump_yaml

    with user_errors():
        a, h = _date(as_of, "--as-of"), _date(horizon, "--horizon")
        if source is ImportFrom.GMCR_PY:
            block = conflict_to_block(load_gmcr(file))
            write_outputs(out.parent, {out.name: dump_yaml({"gmcr": block})})
            n_options = sum(len(v) for v in block["options"].values())
            typer.echo(
                f"wrote {out} ({len(block['decision_makers'])} decision makers, "
                f"{n_options} options)"
            )
            return
        if source is ImportFrom.DECIDE:
            doc = decide_to_scenario(read_decide(file), as_of=a, horizon=h)
        else:
            doc = ktab_to_scenario(read_ktab(file), as_of=a, horizon=h)
        write_outputs(out.parent, {out.name: dump_yaml(doc)})
        typer.echo(f"wrote {out} ({len(doc['actors'])} actors, {len(doc['issues'])} issues)")


@app.command("accuracy")
def accuracy_command(
    files: Annotated[list[Path], typer.Argument(help="Scenarios with issues.<id>.observed")],
    models: Annotated[
        list[SpatialModel] | None, typer.Option("--model", "-m", help="Models to score")
    ] = None,
    rounds: Annotated[
        int | None, typer.Option("--rounds", min=1, max=1000, help="Rounds (dynamic models)")
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json")] = (
        OutputFormat.TEXT
    ),
) -> None:
    """Score spatial models by mean absolute error (0-100) against recorded real outcomes."""
    with user_errors():
        scenarios = [load_any(f) for f in files]
        chosen = models or [SpatialModel.MEAN, SpatialModel.MEDIAN, SpatialModel.NBS]
        rows = accuracy(scenarios, chosen, rounds=rounds)
        if output is OutputFormat.JSON:
            payload = [
                {
                    "model": r.model,
                    "issues": r.n_issues,
                    "mae": None if not np.isfinite(r.mae) else round(r.mae, 6),
                    "beats_mean": None if not np.isfinite(r.beats_mean) else r.beats_mean,
                    "errors": [
                        {"scenario": s, "issue": i, "error": round(e, 6)} for s, i, e in r.errors
                    ],
                }
                for r in rows
            ]
            typer.echo(json.dumps(payload, indent=2, allow_nan=False))
        else:
            typer.echo("model               issues      MAE  beats mean")
            for r in rows:
                typer.echo(f"{r.model:<18} {r.n_issues:>7} {_fmt(r.mae):>8}  {_fmt(r.beats_mean)}")


class ExportTo(StrEnum):
    """Peer formats ``summitry export`` writes."""

    DECIDE = "decide"


@app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help="Scenario YAML")],
    target: Annotated[ExportTo, typer.Option("--to", help="Format to write")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write")],
) -> None:
    """Write a scenario as a Decide actor/issue CSV (the inverse of `summitry import`)."""
    from summitry.io.decide import format_decide, scenario_to_decide
    from summitry.io.scenario import load_scenario

    with user_errors():
        scenario = load_scenario(file).scenario
        data = scenario_to_decide(scenario)
        out.write_text(format_decide(data), encoding="utf-8")
        typer.echo(
            f"wrote {out} ({len(data.actors)} actors, {len(data.issues)} issues, "
            f"{len(data.data)} data rows; format {target.value})"
        )
