"""Writing results: every file completely or none, and stable JSON text."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["dumps", "write_outputs"]


def write_outputs(out_dir: str | Path, files: Mapping[str, str]) -> list[Path]:
    """Write every file completely or none: each goes to a temporary file, then is renamed."""
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, text in files.items():
            fd, tmp = tempfile.mkstemp(dir=target, prefix=f".{name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            staged.append((tmp, target / name))
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, final in staged:
        os.replace(tmp, final)
    return [final for _, final in staged]


def dumps(data: object) -> str:
    """Stable JSON text (sorted keys are not used: field order is part of the documented format)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
