"""Layering rules of the house style: engines and models import nothing from io, cli, web,
workflows or report; the model imports no engine."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "summitry"
FORBIDDEN = {
    "engines": (
        "summitry.io",
        "summitry.cli",
        "summitry.web",
        "summitry.workflows",
        "summitry.report",
    ),
    "model": (
        "summitry.engines",
        "summitry.io",
        "summitry.cli",
        "summitry.web",
        "summitry.workflows",
        "summitry.report",
    ),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_does_not_import_outer_layers(layer: str) -> None:
    offenders = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in sorted((SRC / layer).rglob("*.py"))
        for name in _imports(path)
        if name.startswith(FORBIDDEN[layer])
    ]
    assert offenders == []
