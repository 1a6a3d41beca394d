"""The scenario library: bundled scenarios (read-only) and the user's data folder.

A scenario is named by a *ref*: ``bundled/<path>`` or ``data/<path>``, a relative path under
the folder. Refs never leave their folder (no ``..``, no absolute paths, no links out).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from summitry.errors import SummitryError
from summitry.io.yamlfile import dump_yaml
from summitry.web.settings import Settings

__all__ = ["Library", "LibraryError", "NotFound"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}\.(ya?ml|gmcr)$")
SUFFIXES = (".yaml", ".yml", ".gmcr")


class LibraryError(SummitryError, ValueError):
    """A bad scenario name or a write to a read-only place."""


class NotFound(SummitryError, LookupError):  # noqa: N818
    """No scenario with this ref."""


@dataclass(frozen=True)
class Entry:
    """One file of the library."""

    ref: str
    source: str
    name: str
    kind: str
    id: str | None
    title: str | None
    extends: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dict(self.__dict__)


def _peek(path: Path) -> tuple[str, str | None, str | None, str | None]:
    """(kind, id, title, extends) read cheaply; kind ``invalid`` if the YAML does not parse."""
    if path.suffix == ".gmcr":
        return "gmcr", None, path.stem, None
    try:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except (YAMLError, UnicodeDecodeError, OSError):
        return "invalid", None, None, None
    if not isinstance(data, dict):
        return "invalid", None, None, None
    kind = "variant" if "extends" in data else "gmcr" if set(data) == {"gmcr"} else "scenario"
    if kind == "scenario" and "gmcr" in data and "actors" not in data:
        kind = "gmcr"
    ident = data.get("id")
    title = data.get("title") or (data.get("gmcr") or {}).get("name")
    ext = data.get("extends")
    return (
        kind,
        None if ident is None else str(ident),
        None if title is None else str(title),
        (None if ext is None else str(ext)),
    )


class Library:
    """Find, read and write scenario files by ref."""

    def __init__(self, settings: Settings) -> None:
        self.roots: dict[str, Path] = {"data": settings.data_dir.resolve()}
        if settings.scenarios_dir is not None and settings.scenarios_dir.is_dir():
            self.roots["bundled"] = settings.scenarios_dir.resolve()
        self.roots["data"].mkdir(parents=True, exist_ok=True)

    def entries(self) -> list[Entry]:
        """Every scenario file, bundled first, sorted by path."""
        out: list[Entry] = []
        for source in ("bundled", "data"):
            root = self.roots.get(source)
            if root is None:
                continue
            for path in sorted(root.rglob("*")):
                if path.suffix not in SUFFIXES or not path.is_file():
                    continue
                rel = path.relative_to(root).as_posix()
                if any(part.startswith(".") for part in rel.split("/")):
                    continue
                kind, ident, title, ext = _peek(path)
                out.append(Entry(f"{source}/{rel}", source, rel, kind, ident, title, ext))
        return out

    def path(self, ref: str) -> Path:
        """The file of ``ref``; raise :class:`NotFound` or :class:`LibraryError`."""
        source, _, rel = ref.partition("/")
        root = self.roots.get(source)
        if root is None or not rel:
            raise NotFound(
                f"no scenario {ref!r}: a ref starts with bundled/ or data/. Fix: pick a scenario "
                "from GET /api/scenarios"
            )
        if rel.startswith("/") or ".." in Path(rel).parts:
            raise LibraryError(f"bad scenario ref {ref!r}; expected a path inside the folder")
        path = (root / rel).resolve()
        if root not in path.parents or not path.is_file():
            raise NotFound(f"no scenario {ref!r}. Fix: pick a scenario from GET /api/scenarios")
        return path

    def ref_of(self, path: Path) -> str | None:
        """The ref of a file inside the library, else ``None``."""
        path = path.resolve()
        for source, root in self.roots.items():
            if root in path.parents:
                return f"{source}/{path.relative_to(root).as_posix()}"
        return None

    def check_name(self, name: str) -> str:
        """A safe file name for the data folder (``.yaml`` added when missing)."""
        name = name.strip()
        if name and not name.endswith(SUFFIXES):
            name += ".yaml"
        if not _NAME.match(name):
            raise LibraryError(
                f"bad file name {name!r}; expected letters, digits, _ . - ending in .yaml. "
                "Fix: use e.g. my-scenario.yaml"
            )
        return name

    def write_data(self, name: str, text: str | bytes, *, copy_from: Path | None = None) -> str:
        """Write a file into the data folder (atomically); return its ref.

        ``copy_from``: the folder the text was read from; the source texts it cites
        (``sources.*.file``, relative paths inside that folder) are copied along when missing.
        """
        name = self.check_name(name)
        root = self.roots["data"]
        target = root / name
        raw = text.encode("utf-8") if isinstance(text, str) else text
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(raw)
        os.replace(tmp, target)
        if copy_from is not None and copy_from.resolve() != root:
            self.copy_sources(raw, copy_from.resolve(), root)
        return f"data/{name}"

    @staticmethod
    def copy_sources(raw: bytes, src_root: Path, dst_root: Path) -> None:
        """Copy the source texts a scenario cites (``sources.*.file``) when missing."""
        try:
            data = YAML(typ="safe", pure=True).load(raw.decode("utf-8"))
        except (YAMLError, UnicodeDecodeError):
            return
        sources = data.get("sources") if isinstance(data, dict) else None
        if not isinstance(sources, dict):
            return
        for spec in sources.values():
            rel = spec.get("file") if isinstance(spec, dict) else None
            if not isinstance(rel, str) or rel.startswith("/") or ".." in Path(rel).parts:
                continue
            src, dst = src_root / rel, dst_root / rel
            if src.is_file() and not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)

    @staticmethod
    def variant_text(
        base: Path,
        folder: Path,
        variant_id: str,
        title: str,
        why: str | None,
        changes: list[dict[str, Any]],
    ) -> str:
        """An overlay file ``extends: <base, relative to folder>`` with ``changes:``."""
        extends = Path(os.path.relpath(base.resolve(), folder.resolve())).as_posix()
        doc: dict[str, Any] = {"extends": extends, "id": variant_id, "title": title}
        if why:
            doc["why"] = why
        doc["changes"] = changes
        return dump_yaml(doc)
