"""Benchmark results as Markdown tables: measured value, spread, and efficiency
against a peak where one is known (the CPU's computed peak, from its capture)."""

from __future__ import annotations

from ..capture.schema import Capture, Measurement
from .labels import runner_label
from .peaks import gpu_peak

UNITS = {
    "flop_per_s": ("GFLOP/s", 1e9),
    "bytes_per_s": ("GB/s", 1e9),
    "samples_per_s": ("samples/s", 1.0),
    "ops_per_s": ("ops/s", 1.0),
    "items_per_s": ("items/s", 1.0),
}


def rows(name: str, captures: dict[str, Capture]) -> list[tuple[str, Capture, Measurement]]:
    found = []
    for runner, capture in captures.items():
        run = capture.benchmarks.get(name)
        for measurement in run.results if run else []:
            found.append((runner, capture, measurement))
    return found


def cpu_peak_flops(capture: Capture) -> float | None:
    """The runner's FP32 peak, only when it rests on the CPU's *maximum* clock.

    In virtual machines the kernel often reports only a nominal clock while the
    cores boost above it; a "peak" from that clock is not an upper bound, and an
    efficiency against it could exceed 100%. Such peaks are not used.
    """
    peak = capture.provenance.cpu.peak or {}
    value = peak.get("peak_fp32_gflops")
    if not isinstance(value, int | float) or not _max_clock(peak):
        return None
    return float(value) * 1e9


def _max_clock(peak: dict) -> bool:
    source = str(peak.get("clock_source") or "").lower()
    return "max" in source and "cpu mhz" not in source


def implied_clock_note(runner: str, capture: Capture, found) -> str | None:
    """When the peak's clock is not a maximum: the least clock the fastest
    float32 CPU result implies, given the FLOPs/cycle the runner's CPU has."""
    peak = capture.provenance.cpu.peak or {}
    per_cycle = peak.get("fp32_flops_per_cycle_per_core")
    cores = peak.get("physical_cores") or capture.provenance.cpu.physical_cores
    if _max_clock(peak) or not isinstance(per_cycle, int | float) or not cores:
        return None
    best = max(
        (
            m.rates.get("flop_per_s", 0.0)
            for r, c, m in found
            if r == runner
            and m.case.get("device", "CPU") == "CPU"
            and m.case.get("dtype", "float32") == "float32"
        ),
        default=0.0,
    )
    if not best:
        return None
    clock = peak.get("clock_ghz")
    return (
        f"`{runner}`: no efficiency shown. Its FP32 peak would be {cores} cores × "
        f"{per_cycle:g} FLOP/cycle × clock, but the machine reports only "
        f"{clock} GHz ({peak.get('clock_source', 'source unknown')}), not its maximum clock. "
        f"The fastest float32 result here, {best / 1e9:.0f} GFLOP/s, implies the cores ran at "
        f"{best / (cores * per_cycle) / 1e9:.2f} GHz or more, so a peak from the reported "
        "clock would be too low."
    )


def efficiency(capture: Capture, m: Measurement) -> float | None:
    """Fraction of a known dense peak: the runner's computed FP32 CPU peak for
    float32 work on the CPU, or a cited GPU peak for the case's precision."""
    flops = m.rates.get("flop_per_s")
    if flops is None:
        return None
    dtype = str(m.case.get("dtype", "float32"))
    if m.case.get("device", "CPU") == "GPU":
        gpus = capture.provenance.gpus
        peak = gpu_peak(gpus[0].name) if gpus else None
        dense = peak.dense_tflops.get(dtype) if peak else None
        return flops / (dense * 1e12) if dense else None
    peak = cpu_peak_flops(capture)
    return flops / peak if peak is not None and dtype == "float32" else None


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def table(name: str, captures: dict[str, Capture]) -> str:
    found = rows(name, captures)
    if not found:
        return (
            f'!!! info "No measurements yet"\n\n    No capture contains the `{name}` '
            "benchmark yet. See [Reproduce on your hardware](reproduce.md).\n"
        )
    keys: list[str] = []
    rates: list[str] = []
    for _, _, m in found:
        keys += [k for k in m.case if k not in keys and k != "device"]
        rates += [r for r in m.rates if r not in rates and r in UNITS]
    show_eff = any(efficiency(c, m) is not None for _, c, m in found)
    header = ["Runner", *keys, "median time", "IQR / median", *(UNITS[r][0] for r in rates)]
    if show_eff:
        header.append("of dense peak")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for _, capture, m in found:
        cells = [runner_label(capture)]
        cells += [str(m.case.get(k, "")) for k in keys]
        cells += [f"{m.median_s * 1e3:.3g} ms", f"{100 * m.iqr_over_median:.1f}%"]
        cells += [_number(m.rates[r] / UNITS[r][1]) if r in m.rates else "" for r in rates]
        if show_eff:
            eff = efficiency(capture, m)
            cells.append(f"{100 * eff:.0f}%" if eff is not None else "")
        lines.append("| " + " | ".join(cells) + " |")
    notes = []
    for runner, capture in captures.items():
        peak = capture.provenance.cpu.peak or {}
        if show_eff and peak.get("peak_fp32_gflops"):
            notes.append(
                f"FP32 peak of `{runner}`: {peak['peak_fp32_gflops']} GFLOP/s "
                f"({peak.get('basis', 'basis not recorded')})"
            )
        implied = implied_clock_note(runner, capture, found)
        if implied:
            notes.append(implied)
        for gpu in sorted({g.name for g in capture.provenance.gpus}):
            cited = gpu_peak(gpu)
            if show_eff and cited:
                notes.append(
                    f"`{runner}` {cited.product}: dense peaks from [NVIDIA]({cited.source}); "
                    "float32 rows against TF32, which TensorFlow uses for them by default"
                )
    return "\n".join(lines) + ("\n\n" + "\n".join(f"- {n}" for n in notes) if notes else "") + "\n"
