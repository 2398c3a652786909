"""Hardware figures on pages, filled from the registry (``registry/*.yaml``).

In a sentence, a figure is a placeholder, never typed:

    <!-- fig: h100-sxm bf16-dense -->              989.4 TFLOP/s
    <!-- fig: h100-sxm memory detail -->           80 GB HBM3
    <!-- fig: tpu-v5e bandwidth unit=GB/s -->      ≈ 859 GB/s (converted)
    <!-- fig: h100-sxm ridge-bf16-dense bare -->   ≈ 295 (no unit)
    <!-- fig: h100-sxm bf16-dense cite -->         989.4 TFLOP/s, linked to its source

and a table of parts is a directive, alone on its line:

    <!-- hardware: table parts=h100-sxm,h200-sxm columns=bf16-dense,memory,bandwidth -->
    <!-- hardware: table family=gpu columns=... -->   every GPU in the registry
    (a column ``fact:NAME`` shows the part's text fact NAME, e.g. ``fact:host-link``)
    <!-- hardware: ridge h100-sxm:bf16-dense tpu-v5e:bf16-dense -->
    <!-- hardware: registry -->    every part and figure (the registry page)
    <!-- hardware: fields -->      the keys and units the registry accepts

Derived figures (computed by :mod:`hwguide.registry.derive`) are shown with
"≈" when rounded, and tables list their formulas under the table.
"""

from __future__ import annotations

import math
import posixpath
import re

from ..registry import Registry, RegistryError
from ..registry.derive import convert
from ..registry.schema import COMPUTE_KEY, FAMILIES, METRICS, PRECISIONS, SCALE, Figure, Part

FIG = re.compile(r"<!--\s*fig:\s*(?P<args>[^>]*?)\s*-->")
REGISTRY_PAGE = "hardware/registry.md"
DERIVED_MARK = "§"
FAMILY_TITLES = {
    "cpu": "CPUs",
    "gpu": "GPUs",
    "tpu": "TPUs",
    "fpga": "FPGAs",
    "asic": "ASICs and NPUs",
}
LABELS = {
    "memory": "memory",
    "memory-onchip": "on-chip memory",
    "bandwidth": "memory bandwidth",
    "bandwidth-onchip": "on-chip bandwidth",
    "interconnect": "chip-to-chip link",
    "power": "max power",
    "clock-base": "base clock",
    "clock-boost": "boost clock",
    "clock-implied": "implied clock",
    "vector-bits": "vector width",
    "fma-units": "FMA units per core",
}
PRECISION_NAMES = {p: p.upper() for p in PRECISIONS}


# --- numbers ----------------------------------------------------------------


def number(value: float, exact: bool = True) -> str:
    """1978.9 -> "1,978.9"; inexact (derived, converted) -> 3 significant digits."""
    if not exact:
        digits = max(0, 2 - math.floor(math.log10(abs(value)))) if value else 0
        value = round(value, digits)
        return f"{value:,.{digits}f}"
    text = repr(float(value))
    decimals = len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0
    return f"{value:,.{min(decimals, 4)}f}"


def _is_exact(figure: Figure) -> bool:
    return not figure.derived or abs(figure.value * 10 - round(figure.value * 10)) < 1e-9


def value_text(figure: Figure, unit: str | None = None, bare: bool = False) -> str:
    if unit and unit != figure.unit:
        if unit not in SCALE:
            raise RegistryError(f"unknown unit {unit!r}; known: {', '.join(SCALE)}")
        text = "≈ " + number(convert(figure, unit), exact=False)
        low = (
            None
            if figure.low is None
            else number(figure.low * SCALE[figure.unit] / SCALE[unit], False)
        )
    else:
        unit = figure.unit
        exact = _is_exact(figure)
        text = ("" if exact else "≈ ") + number(figure.value, exact)
        low = None if figure.low is None else number(figure.low)
    if low:
        text = f"{low}–{text}"
    return text if bare or unit == "count" else f"{text} {unit}"


#: Words of a fact's key that are written in capitals (``vector-isa`` -> "vector ISA").
ACRONYMS = {"isa": "ISA", "cpu": "CPU", "gpu": "GPU", "hbm": "HBM"}


def fact_label(name: str) -> str:
    return " ".join(ACRONYMS.get(word, word) for word in name.split("-"))


def key_label(key: str) -> str:
    if key.startswith("fact:"):
        return fact_label(key.removeprefix("fact:"))
    match = COMPUTE_KEY.match(key)
    if match:
        kind = {"dense": "dense", "sparse": "2:4 sparse", "vector": "vector"}[match["kind"]]
        return f"{PRECISION_NAMES[match['precision']]} {kind}"
    if key.startswith("ridge-"):
        return f"ridge point, {key_label(key.removeprefix('ridge-'))}"
    if key.startswith("count-"):
        return key.removeprefix("count-").replace("-", " ")
    return LABELS.get(key, key)


def registry_link(part_id: str, here: str) -> str:
    """Relative link from page ``here`` (a src_uri) to the part on the registry page."""
    target = posixpath.relpath(REGISTRY_PAGE, posixpath.dirname(here) or ".")
    return f"{target}#{part_id}"


# --- inline placeholders ----------------------------------------------------


def render_fig(args: str, registry: Registry) -> str:
    words = args.split()
    if len(words) < 2:
        raise RegistryError("expected `<!-- fig: PART KEY [unit=U] [bare] [detail] [cite] -->`")
    part_id, key, *options = words
    figure = registry.figure(part_id, key)
    unit, flags = None, set()
    for option in options:
        if option.startswith("unit="):
            unit = option.removeprefix("unit=")
        elif option in ("bare", "detail", "cite"):
            flags.add(option)
        else:
            raise RegistryError(f"unknown option {option!r}: use unit=U, bare, detail or cite")
    text = value_text(figure, unit, "bare" in flags)
    if "detail" in flags and figure.detail:
        text += f" {figure.detail}"
    source = registry.source(figure)
    if "cite" in flags:
        if source is None:
            raise RegistryError(f"{part_id} {key} is derived ({figure.formula}): cite its inputs")
        text = f'[{text}]({source.url} "{source.title}")'
    return text


# --- tables -----------------------------------------------------------------


def _options(args: list[str]) -> dict[str, str]:
    options = {}
    for arg in args:
        name, sep, value = arg.partition("=")
        if not sep or not value:
            raise RegistryError(f"expected name=value, got {arg!r}")
        options[name] = value
    return options


def _parts(registry: Registry, options: dict[str, str]) -> list[tuple[str, Part]]:
    if "parts" in options:
        return [(p, registry.part(p)) for p in options["parts"].split(",")]
    family = options.get("family")
    if family not in FAMILIES:
        raise RegistryError(f"name parts=a,b,... or family=one of {', '.join(FAMILIES)}")
    return [(k, p) for k, p in registry.parts.items() if p.family == family]


def _source_links(registry: Registry, cited: list[str]) -> str:
    """One link per document, in the order the row's cells cite them (source ids)."""
    seen = {}
    for source_id in cited:
        source = registry.sources.get(source_id)
        if source and source.url not in seen:
            seen[source.url] = f"[{source.title}]({source.url})"
    return "; ".join(seen.values())


def _part_cell(part_id: str, part: Part, here: str) -> str:
    status = " (announced)" if part.status == "announced" else ""
    return f"[{part.name}]({registry_link(part_id, here)}){status}"


def table(args: list[str], registry: Registry, here: str) -> str:
    options = _options(args)
    unknown = set(options) - {"parts", "family", "columns"}
    if unknown or "columns" not in options:
        raise RegistryError("expected `hardware: table parts=a,b|family=F columns=k1,k2`")
    columns = options["columns"].split(",")
    lines = [
        "| part | " + " | ".join(key_label(c) for c in columns) + " | sources |",
        "|---" * (len(columns) + 2) + "|",
    ]
    notes = []
    for part_id, part in _parts(registry, options):
        cells, shown = [], []
        for key in columns:
            if key.startswith("fact:"):
                name = key.removeprefix("fact:")
                cells.append(part.facts.get(name, "–"))
                if name in part.fact_sources:
                    shown.append(part.fact_sources[name])
                continue
            figure = part.figures.get(key)
            if figure is None:
                cells.append("–")
                continue
            text = value_text(figure)
            if figure.detail:
                text += f" {figure.detail}"
            if figure.derived:
                text += DERIVED_MARK
                notes.append(f"{part.name}, {key_label(key)}: {figure.formula}.")
            elif figure.source:
                shown.append(figure.source)
            cells.append(text)
        lines.append(
            f"| {_part_cell(part_id, part, here)} | {' | '.join(cells)} | "
            f"{_source_links(registry, shown)} |"
        )
    out = "\n".join(lines) + "\n"
    if notes:
        out += f"\n{DERIVED_MARK} Computed, not quoted: " + " ".join(notes) + "\n"
    return out


def ridge(args: list[str], registry: Registry, here: str) -> str:
    lines = [
        "| chip | peak | memory bandwidth | ridge point |",
        "|---|---|---|---|",
    ]
    for arg in args:
        part_id, _, key = arg.partition(":")
        part = registry.part(part_id)
        peak = registry.figure(part_id, key)
        bandwidth = registry.figure(part_id, "bandwidth")
        point = registry.figure(part_id, f"ridge-{key}")
        peak_text = f"{value_text(peak)} {key_label(key)}"
        source = registry.source(peak)
        if source:
            peak_text += f" ([{source.title}]({source.url}))"
        else:
            peak_text += f" (computed: {peak.formula})"
        band = registry.source(bandwidth)
        band_text = value_text(bandwidth) + (f" {bandwidth.detail}" if bandwidth.detail else "")
        lines.append(
            f"| {_part_cell(part_id, part, here)} | {peak_text} | {band_text} "
            f"([{band.title}]({band.url})) | "
            f"{value_text(point, bare=True)} {point.unit} |"
        )
    return "\n".join(lines) + "\n"


def registry_page(registry: Registry) -> str:
    """Every part with its figures. A figure's row names its source by id, linked to
    the source list at the end, where each document is cited once (title, publisher,
    revision, when it was checked): most sources back several figures."""
    out, cited = [], []
    for family in FAMILIES:
        parts = [(k, p) for k, p in registry.parts.items() if p.family == family]
        if not parts:
            continue
        out.append(f"## {FAMILY_TITLES[family]}\n")
        for part_id, part in parts:
            facts = [part.vendor, part.variant, part.status]
            out.append(f"### {part.name} {{#{part_id}}}\n")
            line = f"`{part_id}` · " + " · ".join(f for f in facts if f) + "."
            if part.note:
                line += " " + part.note.rstrip(".") + "."
            for name, text in part.facts.items():
                label = fact_label(name)
                line += f" {label[0].upper()}{label[1:]}: {text.rstrip('.')}"
                source_id = part.fact_sources.get(name)
                if source_id:
                    line += f" ([{source_id}](#source-{source_id}))"
                    if source_id not in cited:
                        cited.append(source_id)
                line += "."
            out.append(line + "\n")
            if not part.figures:
                out.append("No figure verified in a primary source yet.\n")
                continue
            out.append("| figure | key | value | source |\n|---|---|---|---|")
            for key, figure in part.figures.items():
                text = value_text(figure) + (f" {figure.detail}" if figure.detail else "")
                if figure.note:
                    text += f" ({figure.note})"
                if figure.source and registry.source(figure):
                    cite = f"[{figure.source}](#source-{figure.source})"
                    if figure.source not in cited:
                        cited.append(figure.source)
                else:
                    cite = f"computed: {figure.formula}"
                out.append(f"| {key_label(key)} | `{key}` | {text} | {cite} |")
            out.append("")
    out.append("## Sources {#sources}\n")
    out.append("Each document the figures above were read from, once.\n")
    out.append("| source | document | revision | checked |\n|---|---|---|---|")
    for source_id in sorted(cited):
        source = registry.sources[source_id]
        out.append(
            f'| <span id="source-{source_id}"></span>`{source_id}` | '
            f"[{source.title}]({source.url}), {source.publisher} | {source.revision} | "
            f"{source.checked.isoformat()} |"
        )
    return "\n".join(out) + "\n"


def fields() -> str:
    lines = ["| key | what it is | units |", "|---|---|---|"]
    lines.append(
        "| `<precision>-dense` | peak on the matrix engine, without sparsity | TFLOP/s, "
        "PFLOP/s, GFLOP/s; TOPS or POPS for integer precisions |"
    )
    lines.append("| `<precision>-sparse` | peak with 2:4 structured sparsity | as dense |")
    lines.append(
        "| `<precision>-vector` | peak on vector units (CUDA cores, SIMD), not a matrix "
        "engine | as dense |"
    )
    for key, (meaning, units) in METRICS.items():
        lines.append(f"| `{key}` | {meaning} | {', '.join(units)} |")
    lines.append("| `count-<what>` | a count: `count-cores`, `count-mxus`, ... | – |")
    lines.append(
        "| `ridge-<peak key>` | computed: that peak ÷ `bandwidth` | FLOP/B (OP/B for integers) |"
    )
    lines.append("")
    lines.append("Precisions: " + ", ".join(f"`{p}`" for p in PRECISIONS) + ".")
    return "\n".join(lines) + "\n"


def directive(args: list[str], registry: Registry, here: str) -> str:
    if not args:
        raise RegistryError("expected table, ridge, registry or fields after `hardware:`")
    kind, rest = args[0], args[1:]
    if kind == "table":
        return table(rest, registry, here)
    if kind == "ridge" and rest:
        return ridge(rest, registry, here)
    if kind == "registry" and not rest:
        return registry_page(registry)
    if kind == "fields" and not rest:
        return fields()
    raise RegistryError(f"unknown `hardware: {' '.join(args)}`: use table, ridge, registry, fields")
