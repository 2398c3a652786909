"""The hardware registry: its guards, its error messages, what pages make of it."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from pathlib import Path

import pytest

from hwguide import registry
from hwguide.paths import DOCS
from hwguide.registry import RegistryError
from hwguide.render import figures
from hwguide.render.peaks import gpu_peak

pytestmark = pytest.mark.static

SOURCE = """\
sources:
  ds:
    title: Example datasheet
    publisher: Example Corp
    url: https://example.com/ds.pdf
    revision: rev 2
    checked: 2026-11-23
"""
PART = """\
parts:
  x1:
    name: Example X1 SXM
    vendor: Example Corp
    family: gpu
    status: available
    aliases: [EXAMPLE X1]
    facts: {host-link: PCIe Gen5}
    figures:
      bf16-dense: {value: 100, unit: TFLOP/s, source: ds}
      bf16-sparse: {value: 200, unit: TFLOP/s, source: ds}
      fp8-sparse: {value: 400, unit: TFLOP/s, source: ds}
      bandwidth: {value: 2, unit: TB/s, source: ds}
      memory: {value: 96, unit: GB, detail: HBM3, source: ds}
      power: {value: 700, low: 600, unit: W, source: ds}
"""
FACTS = "    facts: {host-link: PCIe Gen5}\n"


def write(folder: Path, text: str, name: str = "gpu.yaml") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str) -> registry.Registry:
    write(tmp_path / "reg", text)
    return registry.load(tmp_path / "reg")


def test_the_repository_registry_validates():
    reg = registry.load()
    assert {p.family for p in reg.parts.values()} <= {"cpu", "gpu", "tpu", "fpga", "asic"}
    for part_id, part in reg.parts.items():
        for key, figure in part.figures.items():
            assert figure.derived or reg.source(figure), (part_id, key)


def test_derived_figures_carry_their_formula(tmp_path):
    reg = load_text(tmp_path, SOURCE + PART)
    ridge = reg.figure("x1", "ridge-bf16-dense")
    assert ridge.value == pytest.approx(100e12 / 2e12)
    assert ridge.unit == "FLOP/B" and "÷ bandwidth" in ridge.formula
    half = reg.figure("x1", "fp8-dense")  # only the sparse figure was given
    assert half.value == 200 and half.derived and "÷ 2" in half.formula
    assert not reg.figure("x1", "bf16-dense").derived  # a stated figure is kept


def test_cpu_vector_peak_is_computed_from_its_inputs(tmp_path):
    cpu = SOURCE + textwrap.dedent("""\
        parts:
          c1:
            name: Example CPU 64
            vendor: Example Corp
            family: cpu
            status: available
            figures:
              count-cores: {value: 64, unit: count, source: ds}
              clock-base: {value: 2, unit: GHz, source: ds}
              fma-units: {value: 2, unit: count, source: ds}
              vector-bits: {value: 512, unit: bit, source: ds}
        """)
    write(tmp_path / "reg", cpu, "cpu.yaml")
    reg = registry.load(tmp_path / "reg")
    # 64 cores x 2e9 Hz x 2 units x 16 lanes x 2 FLOPs = 8.192 TFLOP/s
    assert reg.figure("c1", "fp32-vector").value == pytest.approx(8.192)
    assert reg.figure("c1", "fp64-vector").value == pytest.approx(4.096)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("bf16-sparse: {value: 200,", "bf16-sparse: {value: 250,"),
        ("bandwidth: {value: 2, unit: TB/s", "bandwidth: {value: 2, unit: TFLOP/s"),
        (
            "memory: {value: 96, unit: GB, detail: HBM3, source: ds}",
            "memory: {value: 96, unit: GB}",
        ),
        ("bf16-dense:", "bf16-thick:"),
        ("bf16-dense:", "dense:"),
        ("source: ds}\n      bandwidth", "source: nowhere}\n      bandwidth"),
        ("family: gpu", "family: tpu"),
        ("value: 700, low: 600", "value: 600, low: 700"),
        ("    status: available\n", ""),
        ("    facts: {host-link: PCIe Gen5}\n", FACTS + "    fact-sources: {host-linx: ds}\n"),
        ("    facts: {host-link: PCIe Gen5}\n", FACTS + "    fact-sources: {host-link: nowhere}\n"),
    ],
    ids=[
        "sparse-not-twice-dense",
        "wrong-unit",
        "no-source",
        "unknown-kind",
        "no-precision",
        "unknown-source",
        "wrong-family-file",
        "inverted-range",
        "missing-field",
        "fact-source-of-no-fact",
        "fact-source-unknown",
    ],
)
def test_a_bad_entry_fails_naming_file_line_and_entry(tmp_path, change, expected):
    text = SOURCE + PART
    assert change in text
    bad = text.replace(change, expected, 1)
    write(tmp_path / "reg", bad)
    with pytest.raises(RegistryError) as caught:
        registry.load(tmp_path / "reg")
    message = str(caught.value)
    assert "gpu.yaml:" in message, message
    line = int(message.split("gpu.yaml:")[1].split(":")[0])
    assert line > 8, message  # inside the part, not at the top of the file
    assert "x1" in message, message


def test_duplicate_ids_across_files_are_refused(tmp_path):
    write(tmp_path / "reg", SOURCE + PART)
    write(tmp_path / "reg", SOURCE.replace("  ds:", "  other:"), "tpu.yaml")
    write(tmp_path / "reg", SOURCE, "cpu.yaml")
    with pytest.raises(RegistryError, match=r"source 'ds' is also defined in"):
        registry.load(tmp_path / "reg")


def test_invalid_yaml_names_the_line(tmp_path):
    write(tmp_path / "reg", SOURCE + PART + "  y2: [unclosed\n")
    with pytest.raises(RegistryError, match=r"gpu\.yaml:\d+: not valid YAML"):
        registry.load(tmp_path / "reg")


def test_placeholders_render_the_registry_figures(tmp_path):
    reg = load_text(tmp_path, SOURCE + PART)
    assert figures.render_fig("x1 bf16-dense", reg) == "100 TFLOP/s"
    assert figures.render_fig("x1 power", reg) == "600–700 W"
    assert figures.render_fig("x1 memory detail", reg) == "96 GB HBM3"
    assert figures.render_fig("x1 memory unit=GiB", reg) == "≈ 89.4 GiB"
    assert figures.render_fig("x1 ridge-bf16-dense bare", reg) == "50"
    cited = figures.render_fig("x1 bf16-dense cite", reg)
    assert cited == '[100 TFLOP/s](https://example.com/ds.pdf "Example datasheet")'
    with pytest.raises(RegistryError, match="has no figure 'fp4-dense'"):
        figures.render_fig("x1 fp4-dense", reg)
    with pytest.raises(RegistryError, match="no part 'x9'"):
        figures.render_fig("x9 bf16-dense", reg)
    with pytest.raises(RegistryError, match="unknown option"):
        figures.render_fig("x1 bf16-dense bold", reg)


def test_a_table_marks_computed_cells_and_links_parts(tmp_path):
    reg = load_text(tmp_path, SOURCE + PART)
    out = figures.directive(
        ["table", "family=gpu", "columns=bf16-dense,fp8-dense,fp4-dense,fact:host-link"],
        reg,
        "hardware/gpu.md",
    )
    header, _, row, *_ = out.splitlines()
    assert header == "| part | BF16 dense | FP8 dense | FP4 dense | host link | sources |"
    assert row.startswith(
        "| [Example X1 SXM](registry.md#x1) | 100 TFLOP/s | 200 TFLOP/s§ | – | PCIe Gen5 |"
    )
    assert "§ Computed, not quoted: Example X1 SXM, FP8 dense: fp8-sparse (400 TFLOP/s) ÷ 2" in out
    linked = figures.directive(["ridge", "x1:bf16-dense"], reg, "index.md")
    assert "(hardware/registry.md#x1)" in linked and "| 50 FLOP/B |" in linked


def test_the_registry_page_cites_each_source_once_and_links_every_row_to_it(tmp_path):
    reg = load_text(tmp_path, SOURCE + PART)
    page = figures.directive(["registry"], reg, "hardware/registry.md")
    assert "| BF16 dense | `bf16-dense` | 100 TFLOP/s | [ds](#source-ds) |" in page
    assert page.count("[ds](#source-ds)") == len(re.findall(r"source: ds", PART))
    assert page.count("https://example.com/ds.pdf") == 1
    assert (
        '| <span id="source-ds"></span>`ds` | [Example datasheet](https://example.com/ds.pdf), '
        "Example Corp | rev 2 | 2026-11-23 |"
    ) in page
    assert "computed: " in page  # the dense FP8 peak, from the sparse one


def test_a_fact_with_a_source_cites_it_on_the_registry_page(tmp_path):
    text = (SOURCE + PART).replace(FACTS, FACTS + "    fact-sources: {host-link: ds}\n")
    reg = load_text(tmp_path, text)
    page = figures.directive(["registry"], reg, "hardware/registry.md")
    assert "Host link: PCIe Gen5 ([ds](#source-ds))." in page
    row = figures.directive(["table", "parts=x1", "columns=fact:host-link"], reg, "index.md")
    assert "| PCIe Gen5 | [Example datasheet](https://example.com/ds.pdf) |" in row
    data = json.loads(registry.to_json(reg))
    assert data["parts"]["x1"]["fact-sources"] == {"host-link": "ds"}
    # Acronyms stay capitals in a fact's label, in tables and on the registry page.
    assert figures.key_label("fact:vector-isa") == "vector ISA"


def test_gpu_peaks_for_efficiency_come_from_the_registry(tmp_path):
    reg = load_text(tmp_path, SOURCE + PART)
    peak = gpu_peak("EXAMPLE X1", reg)
    assert peak.dense_tflops == {"bfloat16": 100, "float8": 200}
    assert peak.bandwidth_gbs == 2000 and peak.source == "https://example.com/ds.pdf"
    assert gpu_peak("NVIDIA H100 80GB HBM3").dense_tflops["bfloat16"] == 989.4
    assert gpu_peak("Unknown GPU", reg) is None


def test_downloads_hold_every_figure_and_its_source(tmp_path):
    reg = load_text(tmp_path, SOURCE + PART)
    rows = list(csv.DictReader(io.StringIO(registry.to_csv(reg))))
    by_key = {r["key"]: r for r in rows}
    assert by_key["bf16-dense"]["source_url"] == "https://example.com/ds.pdf"
    assert by_key["bf16-dense"]["checked"] == "2026-11-23"
    assert by_key["ridge-bf16-dense"]["formula"] and not by_key["ridge-bf16-dense"]["source"]
    data = json.loads(registry.to_json(reg))
    assert data["parts"]["x1"]["figures"]["memory"]["detail"] == "HBM3"
    schema = json.loads(registry.json_schema())
    assert "parts" in schema["properties"]


def test_the_contributing_pages_example_entry_loads_once_filled_in(tmp_path):
    """The YAML a contributor copies from docs/contributing.md is a valid entry: with
    each `...` filled in, it loads (an unknown field there would fail every copy)."""
    page = (DOCS / "contributing.md").read_text(encoding="utf-8")
    example = page.split("**Adding a part or a source.**", 1)[1]
    example = example.split("```yaml\n", 1)[1].split("```", 1)[0]
    filled = re.sub(r"#.*$", "", example, flags=re.MULTILINE)
    filled = filled.replace("value: ...", "value: 1").replace("...", "Example")
    reg = load_text(tmp_path, filled)
    assert reg.figure("part-id", "bf16-sparse").value == 1
