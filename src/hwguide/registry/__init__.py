"""The hardware registry: every hardware figure the site quotes, with its source.

The data is in ``registry/*.yaml`` (one file per family, see
``docs/hardware/registry.md`` for the fields). :func:`load` validates it with
:mod:`.schema`, checks what needs the whole registry (each cited source exists,
each part id is unique) and adds the derived figures (:mod:`.derive`). Any
problem raises :class:`RegistryError` naming the file, the line and the entry.

Lower layer: imports nothing from ``hwguide.render`` or the hooks.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..paths import REGISTRY, relative
from . import derive
from .schema import FAMILIES, Figure, Part, RegistryFile, Source, metric_of


class RegistryError(ValueError):
    """A registry file that does not parse or validate, or a lookup that fails."""


@dataclass(frozen=True)
class Registry:
    parts: dict[str, Part]
    sources: dict[str, Source]

    def part(self, part_id: str) -> Part:
        try:
            return self.parts[part_id]
        except KeyError:
            close = [p for p in self.parts if p.split("-")[0] == part_id.split("-")[0]]
            hint = f" Similar: {', '.join(close)}." if close else ""
            raise RegistryError(f"no part {part_id!r} in registry/*.yaml.{hint}") from None

    def figure(self, part_id: str, key: str) -> Figure:
        part = self.part(part_id)
        try:
            return part.figures[key]
        except KeyError:
            raise RegistryError(
                f"part {part_id!r} has no figure {key!r}; it has: {', '.join(part.figures)}"
            ) from None

    def source(self, figure: Figure) -> Source | None:
        return self.sources.get(figure.source) if figure.source else None

    def by_alias(self, name: str) -> tuple[str, Part] | None:
        """The part a machine reports as ``name`` (e.g. nvidia-smi's "NVIDIA H200")."""
        for part_id, part in self.parts.items():
            if name.strip() in part.aliases:
                return part_id, part
        return None


def load(folder: Path = REGISTRY) -> Registry:
    parts: dict[str, Part] = {}
    sources: dict[str, Source] = {}
    files: dict[str, Path] = {}
    source_files: dict[str, Path] = {}
    texts: dict[Path, str] = {}
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise RegistryError(f"{relative(folder)}/ holds no *.yaml files")
    for path in paths:
        text = texts[path] = path.read_text(encoding="utf-8")
        family = path.stem
        if family not in FAMILIES:
            raise RegistryError(
                f"{relative(path)}: registry files are named after a family "
                f"({', '.join(FAMILIES)}), not {family!r}"
            )
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"{relative(path)}:{mark.line + 1}" if mark else relative(path)
            raise RegistryError(f"{where}: not valid YAML: {error}") from None
        try:
            parsed = RegistryFile.model_validate(data)
        except ValidationError as error:
            raise RegistryError(_explain(path, text, error)) from None
        for kind, found, seen, into in (
            ("source", parsed.sources, source_files, sources),
            ("part", parsed.parts, files, parts),
        ):
            for key, value in found.items():
                if key in seen:
                    raise RegistryError(
                        f"{relative(path)}:{_line(text, [key])}: {kind} {key!r} is also "
                        f"defined in {relative(seen[key])}; ids are unique across the registry"
                    )
                seen[key] = path
                into[key] = value
        for part_id, part in parsed.parts.items():
            if part.family != family:
                raise RegistryError(
                    f"{relative(path)}:{_line(text, ['parts', part_id])}: part {part_id!r} "
                    f"has family {part.family!r}; move it to registry/{part.family}.yaml"
                )
    for part_id, part in parts.items():
        path = files[part_id]
        for key, figure in part.figures.items():
            if figure.source not in sources:
                raise RegistryError(
                    f"{relative(path)}:{_line(texts[path], ['parts', part_id, key])}: "
                    f"{part_id} {key} cites source {figure.source!r}, which no registry "
                    f"file defines (sources: ... in any registry/*.yaml)"
                )
        for key, source in part.fact_sources.items():
            if source not in sources:
                line = _line(texts[path], ["parts", part_id, "fact-sources", key])
                raise RegistryError(
                    f"{relative(path)}:{line}: "
                    f"{part_id}'s fact {key!r} cites source {source!r}, which no registry "
                    f"file defines (sources: ... in any registry/*.yaml)"
                )
    derived = {part_id: derive.add_derived(part) for part_id, part in parts.items()}
    return Registry(derived, sources)


def _explain(path: Path, text: str, error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        loc = [str(p) for p in problem["loc"]]
        entry = " > ".join(loc)
        message = problem["msg"].removeprefix("Value error, ")
        figure = re.match(r"figure '([^']+)'", message)
        if figure and figure[1] not in loc:  # a check of several figures names the one at fault
            loc += ([] if loc[-1] == "figures" else ["figures"]) + [figure[1]]
        lines.append(f"{relative(path)}:{_line(text, loc)}: {entry}: {message}")
    return "registry entry does not validate:\n  " + "\n  ".join(lines)


def _line(text: str, loc: list[str]) -> int:
    """The line of the entry ``loc`` (a path of mapping keys), as best found."""
    lines = text.splitlines()
    start = 0
    for key in loc:
        pattern = re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*:")
        for number in range(start, len(lines)):
            if pattern.match(lines[number]):
                start = number
                break
    return start + 1


# --- downloads ------------------------------------------------------------

CSV_FIELDS = (
    "part", "name", "vendor", "family", "variant", "status", "key", "metric",
    "value", "low", "unit", "detail", "note", "formula",
    "source", "source_title", "source_publisher", "source_url", "source_revision", "checked",
)  # fmt: skip


def rows(registry: Registry):
    """One dict per figure (derived ones included), as in the CSV download."""
    for part_id, part in registry.parts.items():
        for key, figure in part.figures.items():
            source = registry.source(figure)
            yield {
                "part": part_id,
                "name": part.name,
                "vendor": part.vendor,
                "family": part.family,
                "variant": part.variant,
                "status": part.status,
                "key": key,
                "metric": metric_of(key),
                "value": figure.value,
                "low": figure.low,
                "unit": figure.unit,
                "detail": figure.detail,
                "note": figure.note,
                "formula": figure.formula,
                "source": figure.source,
                "source_title": source.title if source else None,
                "source_publisher": source.publisher if source else None,
                "source_url": source.url if source else None,
                "source_revision": source.revision if source else None,
                "checked": source.checked.isoformat() if source else None,
            }


def to_csv(registry: Registry) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows(registry):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def to_json(registry: Registry) -> str:
    data = {
        "about": "Hardware figures cited by the site, each with its source; derived figures "
        "carry a formula instead. Fields: see hardware/registry/ on the site.",
        "sources": {k: s.model_dump(mode="json") for k, s in registry.sources.items()},
        "parts": {
            k: p.model_dump(mode="json", exclude_none=True, by_alias=True)
            for k, p in registry.parts.items()
        },
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def json_schema() -> str:
    return json.dumps(RegistryFile.model_json_schema(), indent=1) + "\n"
