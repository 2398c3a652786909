"""The CPU peak snippet's table of cores agrees with the hardware registry.

``snippets/hardware/cpu_peak.py`` keeps its ``MICROARCHITECTURES`` table as a
plain Python literal, because readers copy it. This test reads it with
:mod:`ast` (the snippet is never imported or run) and holds every row whose
``name`` is a CPU part's ``facts.microarchitecture`` in ``registry/cpu.yaml`` to
that part's FMA units and vector width. The SKU rules for Skylake-SP / Cascade
Lake are checked on their own, compiled from the snippet's source without running
the rest of it, against the cases of Intel's vpu-count (README.md, vpu-count.c).
"""

from __future__ import annotations

import ast
import re
from urllib.parse import urlparse

import pytest

from hwguide import registry
from hwguide.paths import ROOT

pytestmark = pytest.mark.static

SNIPPET = ROOT / "snippets" / "hardware" / "cpu_peak.py"
TABLE = "MICROARCHITECTURES"
#: What a row's keys must be, by kind of row (x86: vendor/family/models; Arm: MIDR).
X86_KEYS = {"name", "vendor", "family", "models", "fma_units", "vector_bits", "source"}
ARM_KEYS = {"name", "implementer", "part", "fma_units", "vector_bits", "source"}
#: Widths a SIMD datapath has on the cores the table knows.
WIDTHS = {128, 256, 512}


def source_tree() -> ast.Module:
    return ast.parse(SNIPPET.read_text(encoding="utf-8"), filename=str(SNIPPET))


def table_node(tree: ast.Module) -> ast.expr:
    found = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == TABLE for t in node.targets)
    ]
    assert len(found) == 1, f"expected one top-level `{TABLE} = [...]` in {SNIPPET.name}"
    return found[0]


def rows() -> list[dict]:
    node = table_node(source_tree())
    try:
        table = ast.literal_eval(node)
    except ValueError as error:
        raise AssertionError(
            f"{SNIPPET.name}:{node.lineno}: {TABLE} must be a plain literal (lists, tuples, "
            f"dicts, numbers, strings, None), so that it can be read without running the "
            f"snippet: {error}"
        ) from None
    assert isinstance(table, list) and table, f"{TABLE} must be a non-empty list"
    return table


def cpu_parts_by_microarchitecture() -> dict[str, list[tuple[str, registry.Part]]]:
    found: dict[str, list[tuple[str, registry.Part]]] = {}
    for part_id, part in registry.load().parts.items():
        name = part.facts.get("microarchitecture")
        if part.family == "cpu" and name:
            found.setdefault(name, []).append((part_id, part))
    return found


def test_the_table_is_a_plain_literal_with_known_keys():
    for row in rows():
        keys = set(row)
        assert keys in (X86_KEYS, ARM_KEYS), (
            f"row {row.get('name')!r}: keys {sorted(keys)}; expected {sorted(X86_KEYS)} "
            f"(x86) or {sorted(ARM_KEYS)} (Arm)"
        )
        assert row["vector_bits"] in WIDTHS, f"{row['name']}: vector_bits {row['vector_bits']}"
        assert row["fma_units"] is None or row["fma_units"] in (1, 2, 4), row["name"]
        if "models" in row:
            assert all(first <= last for first, last in row["models"]), row["name"]


def test_names_are_unique_and_models_do_not_overlap():
    table = rows()
    names = [row["name"] for row in table]
    assert len(names) == len(set(names)), f"duplicate names in {TABLE}: {names}"
    seen: dict[tuple[str, int, int], str] = {}
    for row in table:
        for first, last in row.get("models", []):
            for model in range(first, last + 1):
                key = (row["vendor"], row["family"], model)
                assert key not in seen, (
                    f"{row['name']} and {seen[key]} both claim vendor {key[0]} family "
                    f"{key[1]:#x} model {model:#x}"
                )
                seen[key] = row["name"]


def test_every_row_cites_a_specific_page():
    for row in rows():
        url = urlparse(row["source"])
        assert url.scheme == "https" and url.netloc, f"{row['name']}: {row['source']!r}"
        assert url.path.strip("/"), (
            f"{row['name']}: cite the page that states the figure, not the site's root "
            f"({row['source']})"
        )


def test_rows_agree_with_the_registry():
    by_arch = cpu_parts_by_microarchitecture()
    checked, problems = [], []
    for row in rows():
        for part_id, part in by_arch.get(row["name"], []):
            for key, field in (("fma-units", "fma_units"), ("vector-bits", "vector_bits")):
                figure = part.figures.get(key)
                if figure is None or row[field] is None:
                    continue
                checked.append(f"{part_id} {key}")
                if figure.value != row[field]:
                    problems.append(
                        f"{row['name']}: {field} = {row[field]} in {SNIPPET.name}, but the "
                        f"registry's {part_id} {key} is {figure.value:g}"
                    )
    assert not problems, "\n  ".join(["cpu_peak.py disagrees with registry/cpu.yaml:", *problems])
    assert checked, (
        "no CPU part in registry/cpu.yaml shares a microarchitecture with a row of "
        f"{TABLE}: nothing was compared"
    )


def test_every_registry_microarchitecture_with_vector_figures_has_a_row():
    """A part that gives FMA units or a vector width is compared with the row of its
    microarchitecture, so that row must exist, spelled alike. A part with facts only
    (the AMX generations) has nothing to compare."""
    names = {row["name"] for row in rows()}
    compared = {
        name
        for name, parts in cpu_parts_by_microarchitecture().items()
        if any({"fma-units", "vector-bits"} & set(part.figures) for _, part in parts)
    }
    missing = sorted(compared - names)
    assert not missing, (
        f"registry CPUs name microarchitectures that {TABLE} lacks (spell them as the rows' "
        f"`name`, or add a row): {missing}"
    )


def test_derived_vector_peaks_use_the_rows_flops_per_cycle():
    """cores × clock × (FMA units × FP32 lanes × 2) is what the snippet computes too."""
    by_name = {row["name"]: row for row in rows()}
    for name, parts in cpu_parts_by_microarchitecture().items():
        row = by_name.get(name)
        if row is None or row["fma_units"] is None:
            continue
        per_cycle = row["fma_units"] * (row["vector_bits"] // 32) * 2
        for part_id, part in parts:
            peak = part.figures.get("fp32-vector")
            if peak is None or not peak.derived:
                continue
            cores, clock = part.figures["count-cores"], part.figures["clock-base"]
            expected = cores.value * clock.base() * per_cycle
            assert peak.base() == pytest.approx(expected, rel=1e-12), part_id


def skylake_rule():
    """``_skylake_fma_units`` compiled on its own: the function, not the snippet."""
    tree = source_tree()
    functions = [
        n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_skylake_fma_units"
    ]
    assert len(functions) == 1, "expected one _skylake_fma_units() in cpu_peak.py"
    module = ast.Module(body=functions, type_ignores=[])
    namespace = {"re": re}
    exec(compile(module, str(SNIPPET), "exec"), namespace)
    return namespace["_skylake_fma_units"]


# Model names as /proc/cpuinfo gives them; counts from Intel's vpu-count (README.md tables
# from ARK, and vpu-count.c for the Xeon W-2102/W-2104 and Xeon D-2100 parts).
SKYLAKE_CASES = [
    ("Intel(R) Xeon(R) Platinum 8180 CPU @ 2.50GHz", 2),
    ("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", 2),
    ("Intel(R) Xeon(R) Gold 5122 CPU @ 3.60GHz", 2),
    ("Intel(R) Xeon(R) Gold 5222 CPU @ 3.80GHz", 2),
    ("Intel(R) Xeon(R) Gold 5118 CPU @ 2.30GHz", 1),
    ("Intel(R) Xeon(R) Gold 5220 CPU @ 2.20GHz", 1),
    ("Intel(R) Xeon(R) Silver 4114 CPU @ 2.20GHz", 1),
    ("Intel(R) Xeon(R) Bronze 3104 CPU @ 1.70GHz", 1),
    ("Intel(R) Xeon(R) W-2102 CPU @ 2.90GHz", 1),
    ("Intel(R) Xeon(R) W-2104 CPU @ 3.20GHz", 1),
    ("Intel(R) Xeon(R) W-2145 CPU @ 3.70GHz", 2),
    ("Intel(R) Xeon(R) W-3275 CPU @ 2.50GHz", 2),
    ("Intel(R) Xeon(R) D-2146NT CPU @ 2.30GHz", 1),
    ("Intel(R) Core(TM) i9-7980XE CPU @ 2.60GHz", 2),
    # Cooper Lake: two, as vpu-count's README table (from ARK) lists the Gold 53xxH.
    ("Intel(R) Xeon(R) Gold 5320H CPU @ 2.40GHz", 2),
]


@pytest.mark.parametrize("model_name, expected", SKYLAKE_CASES)
def test_skylake_fma_units_follow_intel(model_name, expected):
    assert skylake_rule()(model_name) == expected
