"""What-if variants: a small YAML file that changes a base scenario.

A variant file names its base and lists changes by field path; ``*`` matches every key of a
mapping::

    extends: putin-trump-talks.yaml      # relative to this file
    id: ukr-rus-anchorage-2025.soft-lines
    title: "... with hard red lines made compensatory"
    why: "shows what the hard lines do"
    changes:
      - {path: positions.*.*.hard, value: false, why: "..."}
      - {path: disagreement.cost.UKR.value, value: 35}

Each path must match at least one existing field (except its last part, which may be new). The
merged document is validated like any scenario; problems in a change point into the variant file.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from summitry.errors import InputError, Problem
from summitry.io.scenario import LoadedScenario, scenario_from_document
from summitry.io.yamlfile import Document, problems_from_validation, read_yaml, sort_problems

__all__ = ["Change", "VariantFile", "is_variant", "load_variant"]


class Change(BaseModel):
    """One change: set ``value`` at every field matching ``path``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str = Field(description="Dotted field path; * matches every key of a mapping")
    value: Any = Field(description="The new value (any YAML)")
    why: str | None = None
    cite: str | list[str] | None = None


class VariantFile(BaseModel):
    """A variant of a base scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    extends: str = Field(description="Base scenario file, relative to the variant file")
    id: str
    title: str
    why: str | None = None
    changes: list[Change] = Field(min_length=1)


def is_variant(doc: Document) -> bool:
    """True when a parsed YAML document is a variant file (it has ``extends``)."""
    return isinstance(doc.data, dict) and "extends" in doc.data


def _key(node: Any, part: str) -> Any:
    """The existing key of ``node`` spelled ``part`` (numeric keys of anchors included)."""
    if part in node:
        return part
    try:
        number = float(part)
    except ValueError:
        return part
    for k in node:
        if not isinstance(k, bool) and isinstance(k, int | float) and float(k) == number:
            return k
    return part


def _apply(data: Any, parts: list[str], value: Any) -> int:
    """Set ``value`` at every match of ``parts`` under ``data``; return the number of matches."""
    head, rest = parts[0], parts[1:]
    if isinstance(data, CommentedSeq | list):
        if head == "*":
            targets = list(range(len(data)))
        elif head.isdigit() and int(head) < len(data):
            targets = [int(head)]
        else:
            return 0
        if not rest:
            for t in targets:
                data[t] = copy.deepcopy(value)
            return len(targets)
        return sum(_apply(data[t], rest, value) for t in targets)
    if not isinstance(data, dict):
        return 0
    keys = list(data) if head == "*" else [_key(data, head)]
    if not rest:
        for k in keys:
            data[k] = copy.deepcopy(value)
        return len(keys)
    return sum(_apply(data[k], rest, value) for k in keys if k in data)


def load_variant(doc: Document, path: Path) -> LoadedScenario:
    """Merge the variant ``doc`` (read from ``path``) into its base and validate the result."""
    try:
        variant = VariantFile.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(sort_problems(problems_from_validation(doc, exc, VariantFile))) from None
    base_path = path.resolve().parent / variant.extends
    base_doc = read_yaml(base_path, str(Path(doc.name).parent / variant.extends))
    if is_variant(base_doc):
        raise InputError(
            [
                doc.problem(
                    ("extends",),
                    "a variant cannot be based on another variant",
                    variant.extends,
                    "a scenario file",
                    "point extends at a scenario",
                )
            ]
        )
    data = copy.deepcopy(base_doc.data)
    problems: list[Problem] = []
    for n, change in enumerate(variant.changes):
        if _apply(data, change.path.split("."), change.value) == 0:
            problems.append(
                doc.problem(
                    ("changes", n, "path"),
                    "path matches no field of the base scenario",
                    change.path,
                    "a dotted path to an existing field (* for any key)",
                    "check the ids and field names along the path",
                )
            )
    if problems:
        raise InputError(problems)
    data["id"], data["title"] = variant.id, variant.title
    merged = Document(base_doc.name, data if isinstance(data, CommentedMap) else CommentedMap(data))
    loaded = scenario_from_document(merged, base_path.parent)
    return LoadedScenario(
        scenario=loaded.scenario, path=path, sentences=loaded.sentences, sha256=loaded.sha256
    )
