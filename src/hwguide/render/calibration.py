"""The estimator checked against this site's measurements: Markdown tables per CPU runner.

For every case a CPU runner captured in the ``matmul``, ``elementwise`` and
``training`` benchmarks: the roofline bound of the estimator
(:func:`hwguide.estimate.roofline`, max(FLOPs ÷ peak, bytes ÷ bandwidth)) beside
the measured median time, and measured ÷ bound. Only captured data and computed
bounds appear.

The bound needs a compute peak and a bandwidth (the roof):

- the **peak** is the runner's FP32 peak from its datasheet figures when the
  capture has one that rests on the CPU's maximum clock (as the benchmark tables
  require: :func:`hwguide.render.tables.cpu_peak_flops`); otherwise it is the
  runner's **measured** roof, the best float32 matrix-multiply rate it reached;
- the **bandwidth** is always measured: the best elementwise bandwidth it reached
  (a capture records no datasheet bandwidth for a CPU).

A measured roof is an empirical roofline: its best case sits at 1.00× by
construction, and the others show how far the model's two straight lines are
from what ran. An FP32 peak bounds float32 work only, so bfloat16 cases (and
mixed-precision training) get no bound. Matmul FLOPs are held to 2·n³, the
estimator's count; training counts 3 forward passes a step, as the estimator does.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import estimate
from ..capture.schema import Capture, Measurement
from .labels import machine_label, provenance_line
from .tables import (
    NOISY_MARK,
    compute_dtype,
    cpu_peak_flops,
    duration,
    is_noisy,
    is_stale,
    number,
)

BENCHMARKS = ("matmul", "elementwise", "training")


class CalibrationError(ValueError):
    """A captured case the estimator's formulas do not describe."""


@dataclass(frozen=True)
class Roof:
    peak: float | None  # FLOP/s, float32
    peak_basis: str
    bandwidth: float | None  # bytes/s
    bandwidth_basis: str


def case_flops(m: Measurement) -> float:
    """2·n³ for the matmul benchmark's square n×n case, checked against the captured count."""
    n = int(m.case["n"])
    flops = estimate.matmul_flops(n, n, n)
    captured = m.work.get("flop")
    if captured is not None and abs(captured - flops) > 1e-9 * flops:
        raise CalibrationError(
            f"matmul case {m.case}: the capture counts {captured:g} FLOPs, the estimator "
            f"2·n³ = {flops:g}; the benchmark's method and the estimator disagree"
        )
    return flops


def _matmul_bytes(m: Measurement) -> float:
    n = int(m.case["n"])
    return estimate.matmul_bytes(n, n, n, estimate.DTYPE_BYTES[str(m.case["dtype"])])


def _float32(m: Measurement) -> bool:
    return compute_dtype(m.case) == "float32"


def _cpu(capture: Capture, benchmark: str) -> list[Measurement]:
    run = capture.benchmarks.get(benchmark)
    if run is None:
        return []
    return [m for m in run.results if m.case.get("device", "CPU") == "CPU"]


def roof(capture: Capture) -> Roof:
    datasheet = cpu_peak_flops(capture)
    info = capture.machine.cpu.peak or {}
    best = max(
        (
            m.rates["flop_per_s"]
            for m in _cpu(capture, "matmul")
            if _float32(m) and "flop_per_s" in m.rates
        ),
        default=None,
    )
    if datasheet is not None:
        peak, peak_basis = (
            datasheet,
            f"datasheet FP32 peak ({info.get('basis', 'basis not recorded')})",
        )
    elif best is not None:
        why = (
            f"its clock is {info.get('clock_source')!s}, not the CPU's maximum"
            if info.get("peak_fp32_gflops")
            else "the capture records no FP32 peak"
        )
        peak, peak_basis = best, f"measured: the best float32 matmul rate here ({why})"
    else:
        peak, peak_basis = None, "none: no float32 matmul was measured"
    bandwidth = max(
        (m.rates["bytes_per_s"] for m in _cpu(capture, "elementwise") if "bytes_per_s" in m.rates),
        default=None,
    )
    return Roof(
        peak,
        peak_basis,
        bandwidth,
        "measured: the best elementwise bandwidth here"
        if bandwidth
        else "none: no elementwise case was measured",
    )


def case_bound(benchmark: str, m: Measurement, at: Roof) -> estimate.Bound | None:
    """The roofline bound of a float32 CPU case under ``at``, else None."""
    if at.peak is None or not _float32(m):
        return None
    if benchmark == "matmul":
        return estimate.roofline(case_flops(m), _matmul_bytes(m), at.peak, at.bandwidth)
    flops = m.work.get("flop")
    if flops is None:
        return None  # a capture from before the benchmark counted its FLOPs
    nbytes = m.work.get("bytes", 0.0) if at.bandwidth else 0.0
    return estimate.roofline(flops, nbytes, at.peak, at.bandwidth or None)


def cpu_runners(captures: dict[str, Capture]) -> dict[str, Capture]:
    return {
        runner: capture
        for runner, capture in captures.items()
        if capture.kind == "cpu" and any(b in capture.benchmarks for b in BENCHMARKS)
    }


def render(captures: dict[str, Capture], hashes: dict[str, str | None] | None = None) -> str:
    """Tables per CPU runner. ``hashes``: current source hash per benchmark snippet,
    to mark a stale capture (as the benchmark tables do)."""
    runners = cpu_runners(captures)
    if not runners:
        return (
            '!!! info "No measurements yet"\n\n    No CPU capture contains the `matmul`, '
            "`elementwise` or `training` benchmark yet, so there is nothing to compare the "
            "estimator with.\n"
        )
    return "\n".join(runner_section(r, c, hashes or {}) for r, c in runners.items())


# Per benchmark: its case columns, and the work column (header, value in its unit).
COLUMNS = {
    "matmul": (["impl", "n", "dtype", "XLA"], ("GFLOP (2n³)", lambda m: case_flops(m) / 1e9)),
    "elementwise": (["elements", "XLA"], ("MB moved", lambda m: _per(m, "bytes", 1e6))),
    "training": (["mode", "batch"], ("GFLOP a step", lambda m: _per(m, "flop", 1e9))),
}


def _per(m: Measurement, unit: str, scale: float) -> float | None:
    return m.work[unit] / scale if unit in m.work else None


def _cell(key: str, value) -> str:
    if key in ("xla", "XLA"):
        return "on" if value else "off"
    return str(value)


def runner_section(runner: str, capture: Capture, hashes: dict[str, str | None]) -> str:
    at = roof(capture)
    lines = [f"**`{runner}`**: {machine_label(capture.machine)}.", ""]
    if at.peak is None:
        lines += ["No bound for this runner: " + at.peak_basis + ". Measured figures only.", ""]
    else:
        bw = (
            f"{number(at.bandwidth / 1e9)} GB/s, {at.bandwidth_basis}"
            if at.bandwidth
            else (at.bandwidth_basis)
        )
        lines += [
            f"Roof used for the bounds: peak {number(at.peak / 1e9)} GFLOP/s, "
            f"{at.peak_basis}; bandwidth {bw}.",
            "",
        ]
    for benchmark in BENCHMARKS:
        if benchmark in capture.benchmarks and _cpu(capture, benchmark):
            lines.append(_table(benchmark, runner, capture, at, hashes))
    return "\n".join(lines)


def _table(
    benchmark: str, runner: str, capture: Capture, at: Roof, hashes: dict[str, str | None]
) -> str:
    run = capture.benchmarks[benchmark]
    keys, (work_header, work) = COLUMNS[benchmark]
    header = [*keys, work_header, "measured median", "bound", "bound by", "measured ÷ bound"]
    lines = [
        f"*{benchmark}*",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(keys) + "--:|--:|--:|---|--:|",
    ]
    noisy = missing = False
    for m in _cpu(capture, benchmark):
        mark = ""
        if is_noisy(m):
            mark, noisy = f" {NOISY_MARK}", True
        case = {k.lower(): v for k, v in m.case.items()}
        cells = [_cell(k, case.get(k.lower(), "")) for k in keys]
        amount = work(m)
        cells += ["—" if amount is None else number(amount), duration(m.median_s) + mark]
        bound = case_bound(benchmark, m, at)
        if bound is not None:
            cells += [duration(bound.time_s), bound.bound_by, f"{m.median_s / bound.time_s:.2f}×"]
        else:
            missing = missing or (_float32(m) and at.peak is not None)
            cells += ["—", "—", "—"]
        lines.append("| " + " | ".join(cells) + " |")
    notes = [f"Measured: {provenance_line(runner, capture.session_of(run))}."]
    if missing:
        notes.append(
            "— on a float32 case: this capture predates the benchmark's FLOP count "
            f"(benchmark version {run.benchmark_version})."
        )
    if is_stale(run, hashes.get(run.snippet)):
        notes.append(
            f"**Stale:** `{run.snippet}` changed since this capture; refresh with "
            f"`make capture RUNNER={runner} ONLY={run.snippet}` on that machine."
        )
    if noisy:
        notes.append(
            f"{NOISY_MARK} Trust less: wide spread of samples or a busy machine "
            "(as in the benchmark tables)."
        )
    return "\n".join(lines) + "\n\n" + " ".join(notes) + "\n"
