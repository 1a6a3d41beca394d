"""Writing results: every file completely or none, and stable JSON text."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["dumps", "write_outputs"]


def write_outputs(out_dir: str | Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write every file completely or none: each goes to a temporary file, then is renamed.

    Text is written as UTF-8, bytes as they are; files are readable by everyone (0644).
    """
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(dir=target, prefix=f".{name}.", suffix=".tmp")
            staged.append((tmp, target / name))  # staged first: removed if writing fails
            with os.fdopen(fd, "wb") as fh:
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.chmod(tmp, 0o644)  # mkstemp creates 0600
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
