"""Load and validate a scenario file (format v1).

:func:`load_scenario` reads the YAML, validates every field (pydantic), reads the source texts that
citations point into, runs the cross-field checks and raises one
:class:`~summitry.errors.InputError` listing every problem with its file, line and column. It
returns a :class:`LoadedScenario` only when the whole document is valid: nothing partial.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from summitry.errors import InputError, Problem
from summitry.io.yamlfile import (
    Document,
    problems_from_validation,
    read_text,
    read_yaml,
    sort_problems,
)
from summitry.model.checks import check_scenario
from summitry.model.citations import sentence_index
from summitry.model.scenario import Scenario

__all__ = ["LoadedScenario", "load_scenario", "load_scenario_text", "scenario_from_document"]


@dataclass(frozen=True)
class LoadedScenario:
    """A valid scenario with the texts its sentence citations resolve into."""

    scenario: Scenario
    path: Path
    sentences: dict[str, dict[str, str]] = field(default_factory=dict)
    sha256: str = ""

    def quote(self, cite: str) -> str | None:
        """Return the sentence a ``KEY:L<line>.s<n>`` citation points to, if any."""
        key, _, sid = cite.partition(":")
        return self.sentences.get(key, {}).get(sid)


def _source_sentences(
    doc: Document, scenario: Scenario, base: Path
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    sentences: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for key, source in scenario.sources.items():
        if source.file is None:
            continue
        path = (base / source.file).resolve()
        loc = ("sources", key, "file")
        try:
            text = read_text(path, source.file)
        except InputError as exc:
            p = exc.problems[0]
            problems.append(
                doc.problem(
                    loc,
                    f"source text unreadable: {p.message}",
                    source.file,
                    "a UTF-8 text file relative to the scenario file",
                    "fix the path (it is relative to the scenario file)",
                )
            )
            continue
        if source.sha256 is not None:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest != source.sha256:
                problems.append(
                    doc.problem(
                        ("sources", key, "sha256"),
                        "source text checksum differs",
                        digest,
                        f"sha256 {source.sha256}",
                        "use the exact source text the citations were made against",
                    )
                )
        sentences[key] = sentence_index(text)
    return sentences, problems


def scenario_from_document(doc: Document, base: Path) -> LoadedScenario:
    """Validate a parsed YAML document as a scenario; ``base`` resolves source files."""
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(sort_problems(problems_from_validation(doc, exc, Scenario))) from None
    sentences, problems = _source_sentences(doc, scenario, base)
    problems += [doc.problem_from(v) for v in check_scenario(scenario, sentences)]
    if problems:
        raise InputError(sort_problems(problems))
    digest = hashlib.sha256(str(doc.data).encode()).hexdigest()
    return LoadedScenario(scenario=scenario, path=base, sentences=sentences, sha256=digest)


def load_scenario(path: str | Path) -> LoadedScenario:
    """Read, validate and check a scenario or variant file; raise ``InputError`` if invalid."""
    p = Path(path)
    digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else ""
    try:  # fast path: a valid scenario needs no positions
        fast = read_yaml(p, str(path), positions=False)
        if "extends" not in fast.data:
            loaded = scenario_from_document(fast, p.resolve().parent)
            return LoadedScenario(
                scenario=loaded.scenario, path=p, sentences=loaded.sentences, sha256=digest
            )
    except InputError:
        pass  # read again with positions, to locate every problem
    doc = read_yaml(p, str(path))
    if "extends" in doc.data:
        from summitry.io.variant import load_variant  # a variant merges into its base

        return load_variant(doc, p)
    loaded = scenario_from_document(doc, p.resolve().parent)
    return LoadedScenario(
        scenario=loaded.scenario, path=p, sentences=loaded.sentences, sha256=digest
    )


def load_scenario_text(text: str | bytes, *, name: str, base: str | Path) -> LoadedScenario:
    """Validate scenario or variant text (an upload, an editor buffer) as the file ``base/name``.

    The text goes through the same reader as :func:`load_scenario` (size, NUL bytes, UTF-8,
    YAML syntax, duplicate keys, every field and cross-field check), so each problem keeps its
    line and column; problems name the file ``name``. Source files and a variant's ``extends:``
    resolve against the directory ``base``.
    """
    import tempfile

    raw = text.encode("utf-8") if isinstance(text, str) else text
    with tempfile.TemporaryDirectory(prefix="summitry-") as tmp:
        scratch = Path(tmp) / "scenario.yaml"
        scratch.write_bytes(raw)
        doc = read_yaml(scratch, name)
    where = Path(base) / Path(name).name
    if "extends" in doc.data:  # as load_scenario: the variant's own record
        from summitry.io.variant import load_variant

        return load_variant(doc, where)
    loaded = scenario_from_document(doc, Path(base))
    return LoadedScenario(
        scenario=loaded.scenario,
        path=where,
        sentences=loaded.sentences,
        sha256=hashlib.sha256(raw).hexdigest(),
    )
