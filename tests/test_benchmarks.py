"""The benchmarks time what they say they time: the profiler counts what each call runs.

Each benchmark runs as the capture runs it (``python <path>``, here all seven in one process,
``BENCH_PROFILE=smoke``), with ``timing.measure`` wrapped: after the real
measurement, a few more calls of the same function run under the TensorFlow
profiler, and the trace (an XSpace protobuf) is read back to count, per call,
the kernels that executed and the tf.functions that were called.

That would have caught the first dispatch benchmark: Grappler collapsed its
"100 ops" chain into one kernel, so that row credited 100 ops to a call that ran
one. The processes see no GPU, so the counts are the same on every machine (and
the profiled calls need no sync: on the CPU a call returns when its work is done).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

import pytest

from hwguide.paths import DOCS, ROOT, SNIPPETS, relative
from hwguide.tfenv import quiet_environ

BENCHMARKS = SNIPPETS / "benchmarks"
CALLS = 3  # profiled calls per case

# Runs a benchmark with timing.measure wrapped; writes one entry per recorded case.
DRIVER = textwrap.dedent(
    """
    import collections, glob, json, os, re, runpy, sys, tempfile

    out, calls, benchmarks = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    sys.path.insert(0, os.path.dirname(benchmarks[0]))  # as `python benchmark` would
    import timing
    import tensorflow as tf
    from tensorflow.tsl.profiler.protobuf import xplane_pb2

    # Host-plane events that mean "work ran": an op executed eagerly, a kernel run
    # by the graph executor (named node:OpType), an XLA:CPU thunk ("end: name").
    EAGER = re.compile(r"EagerLocalExecute: (\\S+)")
    GRAPH = re.compile(r"[\\w./-]+:(\\w+)")
    THUNK = re.compile(r"end: (.+)")

    def profile(run):
        logdir = tempfile.mkdtemp(dir=os.getcwd())
        tf.profiler.experimental.start(logdir)
        try:
            for _ in range(calls):
                run()
        finally:
            tf.profiler.experimental.stop()
        [path] = glob.glob(os.path.join(logdir, "**", "*.xplane.pb"), recursive=True)
        with open(path, "rb") as trace:
            space = xplane_pb2.XSpace.FromString(trace.read())
        kernels, thunks, functions = (collections.Counter() for _ in range(3))
        for plane in space.planes:
            if plane.name != "/host:CPU":
                continue
            names = {key: meta.name for key, meta in plane.event_metadata.items()}
            for line in plane.lines:
                for event in line.events:
                    name = names[event.metadata_id]
                    if match := EAGER.fullmatch(name):
                        op = match[1]
                        (functions if op.startswith("__inference") else kernels)[op] += 1
                    elif (match := GRAPH.fullmatch(name)) and "__inference" not in name:
                        kernels[match[1]] += 1
                    elif match := THUNK.fullmatch(name):
                        thunks[match[1]] += 1
        return {
            "kernels": {op: n / calls for op, n in kernels.items()},
            "thunks": {name: n / calls for name, n in thunks.items()},
            "functions": {name: n / calls for name, n in functions.items()},
        }

    real_measure, real_record, pending, cases = timing.measure, timing.record, [], []

    def measure(run, sync, **options):
        samples = real_measure(run, sync, **options)  # also the warm-up (tracing)
        pending.append(profile(run))
        return samples

    def record(case, times, **work):
        cases.append({"case": case, "work": work, **pending.pop()})
        return real_record(case, times, **work)

    timing.measure, timing.record = measure, record
    found = {}
    for benchmark in benchmarks:
        name = os.path.splitext(os.path.basename(benchmark))[0]
        del cases[:], pending[:]
        try:
            namespace = runpy.run_path(benchmark, run_name="__main__")
        except BaseException:
            import traceback
            found[name] = {"error": traceback.format_exc()}
            continue
        constants = {k: v for k, v in namespace.items() if k.isupper() and type(v) is int}
        found[name] = {"cases": list(cases), "constants": constants}
    with open(out, "w") as f:
        json.dump(found, f)
    """
)


NAMES = ["dispatch", "matmul", "elementwise", "conv", "training", "inference", "input_pipeline"]

# A page fence skipped with this reason is run here instead (see hwguide.testing.docs).
RUNS_HERE = re.compile(
    r'^<!-- skip: next if\(True, reason="runs in tests/test_benchmarks\.py[^"]*"\) -->\n'
    r'```python[^\n]*\n--8<-- "(?P<include>[^"]+)"',
    re.MULTILINE,
)


@pytest.mark.static
def test_every_benchmark_is_run_here_and_pages_skip_only_what_runs_here():
    """The methodology page shows the benchmarks but leaves running them to this file
    (one process instead of seven): each block it skips must be one that runs here."""
    helpers = {"timing"}  # imported by every benchmark, not a benchmark itself
    assert sorted(NAMES) == sorted(p.stem for p in BENCHMARKS.glob("*.py") if p.stem not in helpers)
    skipped = [
        (page, match["include"])
        for page in DOCS.rglob("*.md")
        for match in RUNS_HERE.finditer(page.read_text(encoding="utf-8"))
    ]
    assert skipped, "no page defers a benchmark to this file; drop the skip reason's support?"
    for page, include in skipped:
        path = ROOT / include
        assert path.parent == BENCHMARKS and path.stem in NAMES, (
            f"{relative(page)} skips {include} saying it runs in tests/test_benchmarks.py, "
            "which does not run it"
        )


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, dict]:
    """Every benchmark, one after the other in one process (TensorFlow starts once;
    the benchmarks leave no global setting behind: training.py restores the float32
    policy). Returns, per benchmark, its cases or the traceback it ended with."""
    tmp_path = tmp_path_factory.mktemp("benchmarks")
    driver, out = tmp_path / "driver.py", tmp_path / "cases.json"
    driver.write_text(DRIVER, encoding="utf-8")
    env = quiet_environ() | {"BENCH_PROFILE": "smoke", "CUDA_VISIBLE_DEVICES": ""}
    env.pop("BENCH_RESULTS", None)
    paths = [str(BENCHMARKS / f"{name}.py") for name in NAMES]
    result = subprocess.run(
        [sys.executable, str(driver), str(out), str(CALLS), *paths],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"the benchmark driver failed:\n{result.stdout}\n{result.stderr}"
    return json.loads(out.read_text())


@pytest.fixture
def profiled(runs):
    """``profiled(name)``: the cases of ``snippets/benchmarks/<name>.py`` (each with
    the kernels, XLA thunks and tf.functions run per call) and its integer constants."""

    def get(name: str) -> tuple[list[dict], dict]:
        found = runs[name]
        assert "error" not in found, f"snippets/benchmarks/{name}.py failed:\n{found['error']}"
        assert found["cases"], f"{name} recorded no case"
        return found["cases"], found["constants"]

    return get


def no_retracing(entry):
    """Each call runs the same traced function(s): a retrace per call would give
    every call a new function (each counted 1/CALLS times per call)."""
    fractional = {f: n for f, n in entry["functions"].items() if n != int(n)}
    assert not fractional, f"{entry['case']}: traced again inside the timed loop: {fractional}"


def label(entry) -> str:
    return " ".join(f"{k}={v}" for k, v in entry["case"].items())


def count(kernels: dict, op: str) -> float:
    """Kernels per call of type ``op``, under any name TensorFlow gives it on this
    CPU (oneDNN builds may run ``_FusedConv2D`` or ``_MklMatMul``, say; with
    AVX-512, ``_MklNativeConv2DBackpropFilterWithBias``, the bias gradient fused in)."""
    return sum(
        n for name, n in kernels.items() if name.lstrip("_").removesuffix("WithBias").endswith(op)
    )


def test_dispatch_runs_as_many_kernels_as_it_counts(profiled):
    """One kernel for each single op, 100 for the chain: nothing folded or merged."""
    for entry in profiled("dispatch")[0]:
        no_retracing(entry)
        ran = sum(entry["kernels"].values()) + sum(entry["thunks"].values())
        assert ran == entry["case"]["ops"], (
            f"{label(entry)}: {ran} kernels ran per call, not {entry['case']['ops']}: "
            f"{entry['kernels'] or entry['thunks']}"
        )


def test_matmul_runs_one_product_per_call(profiled):
    for entry in profiled("matmul")[0]:
        case = entry["case"]
        if case["impl"] != "tensorflow":
            continue  # NumPy: nothing for TensorFlow's profiler to see
        no_retracing(entry)
        if case["xla"]:
            assert not entry["kernels"] and entry["thunks"], f"{label(entry)}: XLA did not run"
        else:
            kernels = entry["kernels"]
            assert count(kernels, "MatMul") == sum(kernels.values()) == 1, (
                f"{label(entry)}: {kernels}"
            )


def test_elementwise_runs_two_kernels_or_one_fusion(profiled):
    """The snippet says: two kernels without XLA (multiply, add), one fused loop with."""
    for entry in profiled("elementwise")[0]:
        no_retracing(entry)
        if entry["case"]["xla"]:
            assert not entry["kernels"] and len(entry["thunks"]) == 1, label(entry)
        else:
            kernels = entry["kernels"]
            assert count(kernels, "Mul") == count(kernels, "AddV2") == 1, f"{label(entry)}: {entry}"
            assert sum(kernels.values()) == 2, f"{label(entry)}: {kernels}"


def test_conv_backward_computes_both_gradients(profiled):
    """The trap this benchmark fell into first: an unused gradient is pruned."""
    for entry in profiled("conv")[0]:
        no_retracing(entry)
        kernels = entry["kernels"]
        assert count(kernels, "Conv2D") == 1, f"{label(entry)}: forward convolutions: {kernels}"
        backward = count(kernels, "Conv2DBackpropInput"), count(kernels, "Conv2DBackpropFilter")
        expected = (0, 0) if entry["case"]["pass"] == "forward" else (1, 1)
        assert backward == expected, f"{label(entry)}: {kernels}"


@pytest.mark.parametrize("name", ["training", "inference", "input_pipeline"])
def test_keras_benchmarks_run_whole_steps_without_retracing(name, profiled):
    cases, constants = profiled(name)
    for entry in cases:
        case = entry["case"]
        if case.get("runtime", "").startswith("litert"):
            continue  # LiteRT is not TensorFlow: its profiler sees nothing
        no_retracing(entry)
        kernels, thunks = entry["kernels"], entry["thunks"]
        convolutions = count(kernels, "Conv2D")
        if name == "inference":
            assert convolutions == 2, f"{label(entry)}: both convolution layers: {kernels}"
        elif case.get("mode") == "xla":
            assert thunks, f"{label(entry)}: XLA did not run"
        else:
            # Whole training steps, as many per call as the case says (training:
            # one batch; input_pipeline: an epoch of STEPS batches), each with the
            # forward pass and the weight gradient of every convolution layer.
            steps = constants.get("STEPS", 1)
            layers = {"training": 2, "input_pipeline": 1}[name]
            assert sum(entry["functions"].values()) == steps, f"{label(entry)}: {entry}"
            assert convolutions == layers * steps, f"{label(entry)}: {kernels}"
            assert count(kernels, "Conv2DBackpropFilter") == layers * steps, kernels
