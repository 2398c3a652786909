"""The estimator's formulas (src/hwguide/estimate.py), their JavaScript twin's
constants (docs/assets/estimator.js) and the calibration table, without a browser.

tests/test_estimator_browser.py holds the page's results equal to these.
"""

from __future__ import annotations

import json
import re

import pytest

from hwguide import estimate, registry
from hwguide.capture import store
from hwguide.capture.schema import Capture
from hwguide.paths import CAPTURES, DOCS
from hwguide.registry.schema import COMPUTE_KEY, PRECISIONS, SCALE
from hwguide.render import calibration
from hwguide.render.tables import cpu_peak_flops
from tests.factories import MATMUL, OTHER, benchmark, capture, measurement

pytestmark = pytest.mark.static

JS = DOCS / "assets" / "estimator.js"
#: A made-up chip for the formula tests: 100 TFLOP/s, 1 TB/s, 10 GB (not a real part).
CHIP = estimate.Chip("test", "Test chip", "bf16-dense", 100e12, 1e12, 10e9)


# --- formulas ---------------------------------------------------------------------


def test_matmul_counts_flops_and_bytes():
    assert estimate.matmul_flops(2, 3, 4) == 2 * 2 * 3 * 4
    assert estimate.matmul_bytes(2, 3, 4, 2) == (2 * 4 + 4 * 3 + 2 * 3) * 2
    # The worked example of docs/hardware/index.md: 1024³ in float32, 2n / (3b) FLOP/B.
    bound = estimate.matmul(1024, 1024, 1024, 4, CHIP)
    assert bound.intensity == pytest.approx(2048 / 12)


def test_roofline_takes_the_slower_side():
    compute = estimate.roofline(1e12, 1e6, CHIP.peak, CHIP.bandwidth)
    assert compute.bound_by == "compute" and compute.time_s == pytest.approx(1e12 / 100e12)
    assert compute.ridge == pytest.approx(100) and compute.attainable == pytest.approx(CHIP.peak)
    memory = estimate.roofline(1e9, 1e9, CHIP.peak, CHIP.bandwidth)  # 1 FLOP/B
    assert memory.bound_by == "memory" and memory.time_s == pytest.approx(1e-3)
    assert memory.attainable == pytest.approx(1e12)  # intensity × bandwidth
    # At the ridge point both sides take the same time: compute-bound.
    assert estimate.roofline(100e9, 1e9, CHIP.peak, CHIP.bandwidth).bound_by == "compute"
    # Without a bandwidth only the compute side is known.
    alone = estimate.roofline(1e12, 1e9, CHIP.peak, None)
    assert alone.memory_s is None and alone.ridge is None and alone.bound_by == "compute"


def test_a_matrix_vector_product_is_memory_bound_and_a_large_matmul_is_not():
    assert estimate.matmul(8192, 1, 8192, 2, CHIP).bound_by == "memory"
    assert estimate.matmul(8192, 8192, 8192, 2, CHIP).bound_by == "compute"


def test_training_memory_is_16_bytes_per_parameter():
    # docs/hardware/index.md, exercise 4: 1e9 parameters, about 16 GB; 2 GB to serve in BF16.
    memory = estimate.model_memory(1e9, 2)
    assert memory.training == 16e9 and memory.inference == 2e9
    assert (memory.weights, memory.gradients, memory.optimizer) == (4e9, 4e9, 8e9)
    assert estimate.fraction_of_memory(memory.training, CHIP) == pytest.approx(1.6)


def test_keras_step_dense_and_convolutional():
    dense = estimate.keras_step(estimate.forward_flops_dense(1e6), 1e6, 32, 4, CHIP, 0.5)
    assert dense.forward_flops == 2e6
    assert dense.training_flops == 3 * 2e6 * 32
    assert dense.training_s == pytest.approx(3 * 2e6 * 32 / (100e12 * 0.5))
    assert dense.inference.flops == 2e6 * 32 and dense.inference.bytes == 4e6
    assert dense.inference.bound_by == "memory"  # 16 FLOP/B, below the ridge of 100
    conv = estimate.keras_step(4e9, 25e6, 64, 2, CHIP, 0.4)  # FLOPs given, not 2·N
    assert conv.training_flops == 3 * 4e9 * 64
    assert conv.inference.bound_by == "compute"


def test_transformer_training_is_6ND_at_the_utilisation():
    run = estimate.transformer_training(1e9, 2e10, 2048, 8, CHIP, 0.4)
    assert run.flops == 6 * 1e9 * 2e10
    assert run.time_s == pytest.approx(1.2e20 / (100e12 * 0.4))
    assert run.tokens_per_step == 2048 * 8
    assert run.steps == pytest.approx(2e10 / (2048 * 8))
    assert run.step_s * run.steps == pytest.approx(run.time_s)


@pytest.mark.parametrize(
    "call",
    [
        lambda: estimate.matmul_flops(0, 1, 1),
        lambda: estimate.matmul_bytes(1, 1, 1, -2),
        lambda: estimate.model_memory(0, 2),
        lambda: estimate.training_time(1e9, CHIP, 0),
        lambda: estimate.training_time(1e9, CHIP, 1.5),
        lambda: estimate.transformer_training(1e9, 1e9, 0, 8, CHIP, 0.4),
    ],
)
def test_bad_inputs_are_refused(call):
    with pytest.raises(estimate.EstimateError):
        call()


# --- chips from the registry download -----------------------------------------------


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(registry.to_json(registry.load()))


def test_every_offered_chip_has_a_dense_or_vector_default(data):
    offered = {k: p for k, p in data["parts"].items() if estimate.usable(p)}
    assert offered, "no registry part has both a compute peak and a bandwidth"
    for part_id, part in offered.items():
        key = estimate.default_key(part)
        assert key is not None, f"{part_id}: only sparse peaks"
        assert not key.endswith("-sparse"), part_id
        keys = estimate.compute_keys(part)
        kinds = [COMPUTE_KEY.match(k)["kind"] for k in keys]
        assert kinds == sorted(kinds, key=["dense", "vector", "sparse"].index), part_id


def test_chip_figures_are_the_registry_figures(data):
    reg = registry.load()
    for part_id, part in data["parts"].items():
        if not estimate.usable(part):
            continue
        key = estimate.default_key(part)
        c = estimate.chip(data, part_id, key)
        assert c.peak == reg.figure(part_id, key).base()
        assert c.bandwidth == reg.figure(part_id, "bandwidth").base()
        if "memory" in part["figures"]:
            assert c.memory == reg.figure(part_id, "memory").base()
    with pytest.raises(estimate.EstimateError):
        estimate.chip(data, "no-such-part", "bf16-dense")


def test_default_key_prefers_bf16_dense_and_never_sparse():
    def part(*keys):
        return {"figures": {k: {"value": 1, "unit": "TFLOP/s"} for k in keys}}

    assert estimate.default_key(part("bf16-sparse", "fp8-dense", "bf16-dense")) == "bf16-dense"
    assert estimate.default_key(part("fp8-sparse", "int8-dense")) == "int8-dense"
    assert estimate.default_key(part("bf16-sparse")) is None


# --- the JavaScript twin -----------------------------------------------------------------


def js_constants() -> dict[str, str]:
    """``const NAME = VALUE;`` lines of estimator.js (VALUE as written)."""
    text = JS.read_text(encoding="utf-8")
    return dict(re.findall(r"^[ \t]*const ([A-Z0-9_]+) = (.+?);[ \t]*$", text, re.MULTILINE))


def test_js_constants_equal_the_python_ones():
    found = js_constants()
    assert json.loads(found["SCALE"]) == SCALE
    for name in (
        "FLOPS_PER_MAC",
        "FORWARD_FLOPS_PER_PARAM",
        "TRAINING_OVER_FORWARD",
        "FLOAT32_BYTES",
        "ADAM_BYTES",
        "DEFAULT_UTILISATION",
    ):
        assert json.loads(found[name]) == getattr(estimate, name), name
    assert json.loads(found["DEFAULT_KEYS"]) == list(estimate.DEFAULT_KEYS)
    # The compute-key pattern names the registry's precisions and kinds.
    pattern = re.fullmatch(r"/\^\((?P<p>[a-z0-9|]+)\)-\((?P<k>[a-z|]+)\)\$/", found["COMPUTE_KEY"])
    assert pattern and pattern["p"].split("|") == list(PRECISIONS)
    assert pattern["k"].split("|") == ["dense", "sparse", "vector"]
    assert COMPUTE_KEY.pattern.endswith("-(?P<kind>dense|sparse|vector)$")


def test_the_script_requests_only_the_registry_download():
    text = JS.read_text(encoding="utf-8")
    assert text.count("fetch(") == 1 and "fetch(dataLink.href)" in text
    assert not re.search(r"https?://", text), "no absolute URL: every request stays on the site"


# --- calibration -----------------------------------------------------------------


def square(n: int, dtype: str, seconds: float, impl="tensorflow", xla=False) -> dict:
    case = {"impl": impl, "device": "CPU", "n": n, "dtype": dtype, "xla": xla}
    size = estimate.DTYPE_BYTES[dtype]
    return measurement(case, seconds, flop=2.0 * n**3, bytes=3.0 * n * n * size)


def with_peak(c: Capture, peak: dict | None) -> Capture:
    cpu = c.machine.cpu.model_copy(update={"peak": peak})
    return store.sealed(c.model_copy(update={"machine": c.machine.model_copy(update={"cpu": cpu})}))


SWEEP = benchmark(
    "matmul",
    [square(512, "float32", 0.004), square(512, "bfloat16", 0.002), square(1024, "float32", 0.03)],
)


def test_calibration_bound_and_ratio_from_the_runners_peak():
    c = capture(benchmarks=SWEEP)  # factories: FP32 peak 100 GFLOP/s at the maximum clock
    assert cpu_peak_flops(c) == 100e9
    md = calibration.render({"cpu-test": c})
    assert "Roof used for the bounds: peak 100 GFLOP/s, datasheet FP32 peak" in md
    assert "| measured median | bound | bound by | measured ÷ bound |" in md
    # 512³ float32: 2.68e8 FLOPs ÷ 1e11 FLOP/s = 2.68 ms; measured 4 ms: 1.49×.
    bound = 2 * 512**3 / 100e9
    assert f"| 4\u00a0ms | 2.68\u00a0ms | compute | {0.004 / bound:.2f}× |" in md
    assert "| tensorflow | 512 | bfloat16 | off | 0.268 | 2\u00a0ms | — | — | — |" in md
    assert f"{0.03 / (2 * 1024**3 / 100e9):.2f}×" in md


def test_calibration_uses_the_measured_roof_when_the_peak_rests_on_a_nominal_clock():
    peak = {"peak_fp32_gflops": 166.2, "clock_source": "cpu MHz in /proc/cpuinfo"}
    md = calibration.render({"cpu-test": with_peak(capture(benchmarks=SWEEP), peak)})
    assert "measured: the best float32 matmul rate here (its clock is cpu MHz" in md
    # Best float32: 1024³ in 30 ms = 71.6 GFLOP/s, the roof; 512³ in 4 ms is 67.1.
    assert "Roof used for the bounds: peak 71.6 GFLOP/s" in md
    ms = "\u00a0ms"  # durations keep their unit (a no-break space)
    row = f"| tensorflow | 1024 | float32 | off | 2.15 | 30.0{ms} | 30.0{ms} | compute | 1.00× |"
    assert row in md
    assert f"| {(2 * 1024**3 / 0.03) / (2 * 512**3 / 0.004):.2f}× |" in md


def test_calibration_marks_a_stale_capture():
    md = calibration.render(
        {"cpu-test": capture(benchmarks=SWEEP)}, {"snippets/benchmarks/matmul.py": OTHER}
    )
    assert "**Stale:**" in md and "make capture RUNNER=cpu-test" in md
    assert "Stale" not in calibration.render({"cpu-test": capture(benchmarks=SWEEP)})


def test_calibration_without_any_peak_uses_the_measured_roof():
    md = calibration.render({"cpu-test": with_peak(capture(benchmarks=SWEEP), None)})
    assert "the capture records no FP32 peak" in md and "1.00×" in md


def elementwise(n: int, seconds: float) -> dict:
    return measurement(
        {"device": "CPU", "elements": n, "xla": False}, seconds, bytes=8.0 * n, flop=2.0 * n
    )


def step(mode: str, batch: int, seconds: float, flop: float | None = 3e7) -> dict:
    work = {"samples": float(batch)} | ({"flop": flop * batch} if flop else {})
    return measurement({"device": "CPU", "mode": mode, "batch": batch}, seconds, **work)


def test_calibration_of_elementwise_and_training_cases():
    """Elementwise is held to the measured bandwidth (memory-bound), training to the
    peak; mixed precision gets no float32 bound."""
    benchmarks = (
        SWEEP
        | benchmark("elementwise", [elementwise(2**20, 0.001), elementwise(2**24, 0.032)])
        | benchmark(
            "training",
            [step("default", 16, 0.05), step("mixed_bfloat16", 16, 0.04)],
            version=2,
        )
    )
    md = calibration.render({"cpu-test": capture(benchmarks=benchmarks)})
    best = 8.0 * 2**20 / 0.001  # bytes/s: the 2^20 case is the faster one
    assert f"bandwidth {best / 1e9:.2f} GB/s, measured: the best elementwise bandwidth" in md
    assert "| 1048576 | off | 8.39 | 1\u00a0ms | 1\u00a0ms | memory | 1.00× |" in md
    assert f"| {0.032 / (8.0 * 2**24 / best):.2f}× |" in md
    # Training at the datasheet peak (100 GFLOP/s): 16 × 3e7 FLOPs = 4.8 ms; 50 ms measured.
    assert "| default | 16 | 0.48 | 50.0\u00a0ms | 4.8\u00a0ms | compute | 10.42× |" in md
    assert "| mixed_bfloat16 | 16 | 0.48 | 40.0\u00a0ms | — | — | — |" in md
    assert "predates the benchmark's FLOP count" not in md


def test_calibration_says_when_a_training_capture_has_no_flops():
    old = benchmark("training", [step("default", 16, 0.05, flop=None)], version=1)
    md = calibration.render({"cpu-test": capture(benchmarks=SWEEP | old)})
    assert "| default | 16 | — | 50.0\u00a0ms | — | — | — |" in md
    assert "predates the benchmark's FLOP count (benchmark version 1)" in md


def test_calibration_skips_gpu_runners_and_says_when_nothing_was_measured():
    md = calibration.render({"gpu-test": capture("gpu", benchmarks=SWEEP)})
    assert "No measurements yet" in md


def test_calibration_refuses_a_capture_whose_flops_are_not_2n3():
    # tests/factories.MATMUL counts 1.6e8 FLOPs for n = 512, not 2·512³.
    with pytest.raises(calibration.CalibrationError, match="2·n³"):
        calibration.render({"cpu-test": capture(benchmarks=MATMUL)})


def test_calibration_of_the_real_captures():
    captures = store.load_all(CAPTURES)
    runners = calibration.cpu_runners(captures)
    md = calibration.render(captures)
    for runner, c in runners.items():
        assert f"**`{runner}`**" in md
        at = calibration.roof(c)
        assert at.peak and at.bandwidth, runner
        for name in calibration.BENCHMARKS:
            for m in c.benchmarks[name].results if name in c.benchmarks else []:
                if name == "matmul":
                    assert calibration.case_flops(m) == m.work["flop"]
                bound = calibration.case_bound(name, m, at)
                if bound is not None:  # a bound is a bound: nothing measured beats it
                    assert m.median_s >= bound.time_s * (1 - 1e-12), (runner, m.case)
