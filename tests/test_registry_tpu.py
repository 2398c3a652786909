"""The TPU registry: the implied-clock derivation, the parts the chapter and other
pages rely on, and the figures typed in the TPU snippet (held equal to the registry)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from hwguide import registry
from hwguide.paths import ROOT
from hwguide.registry import RegistryError
from hwguide.registry.derive import convert

pytestmark = pytest.mark.static

SNIPPET = ROOT / "snippets" / "tpu" / "systolic_peak.py"
#: The snippet's generation names and the registry's part ids.
SNIPPET_PARTS = {"v3": "tpu-v3", "v4": "tpu-v4", "v5e": "tpu-v5e", "v5p": "tpu-v5p"}

TPU = """\
sources:
  page:
    title: Example TPU page
    publisher: Example Corp
    url: https://example.com/tpu
    revision: undated page
    checked: 2026-12-02
parts:
  t1:
    name: Example TPU t1
    vendor: Example Corp
    family: tpu
    status: available
    figures:
      bf16-dense: {value: 200, unit: TFLOP/s, source: page}
      count-tensorcores: {value: 2, unit: count, source: page}
      count-mxus-per-core: {value: 4, unit: count, source: page}
      count-mxu-side: {value: 128, unit: count, source: page}
"""


def load_tpu(tmp_path: Path, text: str) -> registry.Registry:
    folder = tmp_path / "reg"
    folder.mkdir()
    (folder / "tpu.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return registry.load(folder)


def test_implied_clock_is_peak_over_flops_per_clock(tmp_path):
    clock = load_tpu(tmp_path, TPU).figure("t1", "clock-implied")
    # 2 TensorCores x 4 MXUs x 128 x 128 MACs x 2 FLOPs = 262,144 FLOPs per clock
    assert clock.derived and clock.unit == "GHz"
    assert clock.value == pytest.approx(200e12 / 262_144 / 1e9)
    assert "2 TensorCores × 4 MXUs × 128 × 128" in clock.formula


@pytest.mark.parametrize(
    "missing", ["bf16-dense", "count-tensorcores", "count-mxus-per-core", "count-mxu-side"]
)
def test_no_clock_without_all_four_inputs(tmp_path, missing):
    text = "\n".join(line for line in TPU.splitlines() if f"{missing}:" not in line)
    assert "clock-implied" not in load_tpu(tmp_path, text).part("t1").figures


def test_a_typed_implied_clock_is_refused(tmp_path):
    text = TPU + "      clock-implied: {value: 1, unit: GHz, source: page}\n"
    with pytest.raises(RegistryError, match=r"tpu\.yaml:\d+: .*'clock-implied' is computed"):
        load_tpu(tmp_path, text)


def test_tpu_parts_the_pages_rely_on():
    reg = registry.load()
    for part_id in ("tpu-v2", "tpu-v3", "tpu-v4", "tpu-v5e", "tpu-v5p", "tpu-v6e", "tpu7x"):
        assert reg.part(part_id).family == "tpu"
        assert reg.part(part_id).status == "available"
    for part_id in ("tpu-8t", "tpu-8i"):
        assert reg.part(part_id).status == "announced"
    # Another chapter places tpu-v5e's peak and bandwidth (and its ridge point).
    v5e = reg.part("tpu-v5e").figures
    assert {"bf16-dense", "bandwidth", "ridge-bf16-dense"} <= set(v5e)
    assert v5e["bandwidth"].unit == "GiB/s"  # as Google's page gives it, converted on pages
    assert convert(v5e["bandwidth"], "GB/s") == pytest.approx(858.99, abs=0.01)
    assert reg.figure("edge-tpu", "int8-dense").unit == "TOPS"


def test_implied_clocks_follow_from_the_registry_inputs():
    reg = registry.load()
    for part_id in ("tpu-v3", "tpu-v4", "tpu-v5e", "tpu-v5p", "tpu-v6e"):
        f = reg.part(part_id).figures
        flops_per_clock = (
            f["count-tensorcores"].value
            * f["count-mxus-per-core"].value
            * f["count-mxu-side"].value ** 2
            * 2
        )
        expected = f["bf16-dense"].base() / flops_per_clock / 1e9
        assert f["clock-implied"].value == pytest.approx(expected), part_id
    # TPU7x: Google's page gives no MXU count, so no clock is derived.
    assert "clock-implied" not in reg.part("tpu7x").figures


def _snippet_literals() -> dict[str, object]:
    tree = ast.parse(SNIPPET.read_text(encoding="utf-8"))
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in ("GENERATIONS", "MXU_SIDE"):
                values[target.id] = ast.literal_eval(node.value)
    return values


def test_snippet_figures_equal_the_registry():
    values = _snippet_literals()
    generations, side = values["GENERATIONS"], values["MXU_SIDE"]
    assert set(generations) == set(SNIPPET_PARTS)
    reg = registry.load()
    for name, (tensorcores, mxus, peak) in generations.items():
        part_id = SNIPPET_PARTS[name]
        f = reg.part(part_id).figures
        assert tensorcores == f["count-tensorcores"].value, part_id
        assert mxus == f["count-mxus-per-core"].value, part_id
        assert peak == pytest.approx(f["bf16-dense"].base()), part_id
        assert side == f["count-mxu-side"].value, part_id
