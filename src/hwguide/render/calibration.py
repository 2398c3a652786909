"""The estimator checked against this site's measurements: a Markdown table per CPU runner.

For every matrix multiply a CPU runner captured (benchmark ``matmul``), the
estimator's compute bound (FLOPs ÷ the runner's FP32 peak, with
:func:`hwguide.estimate.roofline`) beside the measured median time and rate,
and measured ÷ bound. Only captured data and computed bounds appear.

The bound needs a peak that is an upper limit. As the benchmark tables do
(:func:`hwguide.render.tables.cpu_peak_flops`), a peak that rests on a clock
other than the CPU's maximum is not used; such a runner's table shows the
measured figures and the FLOPs only, and says why. The FP32 peak bounds float32
work only: it is a peak for float32 arithmetic, not for bfloat16.
"""

from __future__ import annotations

from .. import estimate
from ..capture.schema import Capture, Measurement
from .labels import machine_label, provenance_line
from .tables import NOISY_MARK, cpu_peak_flops, duration, is_noisy, is_stale, number

BENCHMARK = "matmul"


class CalibrationError(ValueError):
    """A captured case the estimator's formulas do not describe."""


def case_flops(m: Measurement) -> float:
    """2·n³ for the benchmark's square n×n case, checked against the captured count."""
    n = int(m.case["n"])
    flops = estimate.matmul_flops(n, n, n)
    captured = m.work.get("flop")
    if captured is not None and abs(captured - flops) > 1e-9 * flops:
        raise CalibrationError(
            f"matmul case {m.case}: the capture counts {captured:g} FLOPs, the estimator "
            f"2·n³ = {flops:g}; the benchmark's method and the estimator disagree"
        )
    return flops


def case_bound(m: Measurement, peak: float | None) -> estimate.Bound | None:
    """The compute bound of a float32 CPU case at ``peak`` FLOP/s, else None."""
    if peak is None or m.case.get("dtype") != "float32":
        return None
    return estimate.roofline(case_flops(m), _case_bytes(m), peak, None)


def _case_bytes(m: Measurement) -> float:
    n = int(m.case["n"])
    return estimate.matmul_bytes(n, n, n, estimate.DTYPE_BYTES[str(m.case["dtype"])])


def cpu_runners(captures: dict[str, Capture]) -> dict[str, Capture]:
    return {
        runner: capture
        for runner, capture in captures.items()
        if capture.kind == "cpu" and BENCHMARK in capture.benchmarks
    }


def render(captures: dict[str, Capture], hashes: dict[str, str | None] | None = None) -> str:
    """One table per CPU runner with a matmul capture. ``hashes``: current source
    hash per benchmark snippet, to mark a stale capture (as the benchmark tables do)."""
    runners = cpu_runners(captures)
    if not runners:
        return (
            '!!! info "No measurements yet"\n\n    No CPU capture contains the `matmul` '
            "benchmark yet, so there is nothing to compare the estimator with.\n"
        )
    return "\n".join(runner_table(r, c, hashes or {}) for r, c in runners.items())


def runner_table(runner: str, capture: Capture, hashes: dict[str, str | None]) -> str:
    run = capture.benchmarks[BENCHMARK]
    peak = cpu_peak_flops(capture)
    info = capture.machine.cpu.peak or {}
    lines = [f"**`{runner}`**: {machine_label(capture.machine)}.", ""]
    if peak is not None:
        lines.append(
            f"FP32 peak used for the bound: {info['peak_fp32_gflops']} GFLOP/s "
            f"({info.get('basis', 'basis not recorded')}). Only float32 cases get a bound: "
            "the FP32 peak is a peak for float32 arithmetic, not for bfloat16."
        )
    else:
        why = (
            f"its clock is {info.get('clock_source')!s}, not the CPU's maximum"
            if info.get("peak_fp32_gflops")
            else "the capture records no FP32 peak"
        )
        lines.append(
            f"No bound for this runner: {why}, so a peak from it would not be an upper "
            "limit (the benchmark tables refuse it for the same reason). Measured time, "
            "rate and FLOPs only."
        )
    lines.append("")
    header = ["impl", "n", "dtype", "XLA", "GFLOP (2n³)", "measured median", "measured GFLOP/s"]
    if peak is not None:
        header += ["bound: FLOPs ÷ peak", "measured ÷ bound"]
    lines += ["| " + " | ".join(header) + " |", "|---|--:|---|---|" + "--:|" * (len(header) - 4)]
    noisy = False
    for m in run.results:
        if m.case.get("device", "CPU") != "CPU":
            continue
        flops = case_flops(m)
        mark = ""
        if is_noisy(m):
            mark, noisy = f" {NOISY_MARK}", True
        cells = [
            str(m.case.get("impl", "")),
            str(m.case["n"]),
            str(m.case.get("dtype", "")),
            "on" if m.case.get("xla") else "off",
            number(flops / 1e9),
            duration(m.median_s) + mark,
            number(m.rates.get("flop_per_s", flops / m.median_s) / 1e9),
        ]
        if peak is not None:
            bound = case_bound(m, peak)
            cells += (
                [duration(bound.time_s), f"{m.median_s / bound.time_s:.2f}×"]
                if bound
                else ["—", "—"]
            )
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    notes = [f"Measured: {provenance_line(runner, capture.session_of(run))}."]
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
    return "\n".join(lines) + "\n" + " ".join(notes) + "\n"
