"""Benchmark results as Markdown tables, runners side by side.

One row per measured case, one group of columns per runner (the runner's name
in the header, its machine and provenance in the caption under the table);
every measurement in full behind a fold. Efficiency is given against a peak
where one is known (the CPU's computed peak, or a cited GPU peak).
"""

from __future__ import annotations

from ..capture.schema import BUSY, BenchmarkRun, Capture, Measurement
from .labels import machine_label, provenance_line
from .peaks import gpu_peak

UNITS = {
    "flop_per_s": ("GFLOP/s", 1e9),
    "bytes_per_s": ("GB/s", 1e9),
    "samples_per_s": ("samples/s", 1.0),
    "ops_per_s": ("ops/s", 1.0),
    "items_per_s": ("items/s", 1.0),
}
#: A result is marked as less trustworthy above these.
WIDE_SPREAD = 0.20  # interquartile range / median
NOISY_MARK = "†"


def compute_dtype(case: dict) -> str:
    """The precision a case's arithmetic runs in: its ``dtype``, or for a training
    mode such as ``mixed_bfloat16`` the Keras policy's compute dtype; else float32."""
    if "dtype" in case:
        return str(case["dtype"])
    mode = str(case.get("mode", ""))
    return mode.removeprefix("mixed_") if mode.startswith("mixed_") else "float32"


def rows(name: str, captures: dict[str, Capture]) -> list[tuple[str, Capture, Measurement]]:
    found = []
    for runner, capture in captures.items():
        run = capture.benchmarks.get(name)
        for measurement in run.results if run else []:
            found.append((runner, capture, measurement))
    return found


#: Benchmarks read by another rate than the first of UNITS they report: training
#: records its FLOPs per step too (for the estimator's calibration), but a reader
#: compares training runs in samples per second.
PRIMARY = {"training": "samples_per_s"}


def primary_rate(measurements: list[Measurement], benchmark: str | None = None) -> str | None:
    """The rate a benchmark is read by: PRIMARY's, else the first of UNITS it reports."""
    present = {r for m in measurements for r in m.rates}
    if PRIMARY.get(benchmark or "") in present:
        return PRIMARY[benchmark]
    return next((r for r in UNITS if r in present), None)


def is_noisy(m: Measurement) -> bool:
    return m.iqr_over_median > WIDE_SPREAD or bool(m.load and m.load.busy)


def is_stale(run: BenchmarkRun, current_hash: str | None) -> bool:
    return current_hash is not None and run.source_hash != current_hash


def cpu_peak_flops(capture: Capture) -> float | None:
    """The runner's FP32 peak, only when it rests on the CPU's *maximum* clock.

    In virtual machines the kernel often reports only a nominal clock while the
    cores boost above it; a "peak" from that clock is not an upper bound, and an
    efficiency against it could exceed 100%. Such peaks are not used.
    """
    peak = capture.machine.cpu.peak or {}
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
    peak = capture.machine.cpu.peak or {}
    per_cycle = peak.get("fp32_flops_per_cycle_per_core")
    cores = peak.get("physical_cores") or capture.machine.cpu.physical_cores
    unknown = capture.kind == "cpu" and per_cycle is None and peak.get("basis")
    if not unknown and (_max_clock(peak) or not isinstance(per_cycle, int | float) or not cores):
        return None
    best = max(
        (
            m.rates.get("flop_per_s", 0.0)
            for r, c, m in found
            if r == runner
            and m.case.get("device", "CPU") == "CPU"
            and compute_dtype(m.case) == "float32"
        ),
        default=0.0,
    )
    if not best:
        return None
    if unknown:  # e.g. a hypervisor that reports a model number but no model name
        return (
            f"`{runner}`: no efficiency shown. Its FP32 peak cannot be computed: "
            f'`snippets/hardware/cpu_peak.py` reported "{peak["basis"]}".'
        )
    clock = peak.get("clock_ghz")
    note = (
        f"`{runner}`: no efficiency shown. Its FP32 peak would be {cores} cores × "
        f"{per_cycle:g} FLOP/cycle × clock, but the machine reports only "
        f"{clock} GHz ({peak.get('clock_source', 'source unknown')}), not its maximum clock"
    )
    implied = best / (cores * per_cycle) / 1e9
    if isinstance(clock, int | float) and implied > clock:
        # The data prove the reported clock too low; otherwise they show nothing.
        return (
            f"{note}. The fastest float32 result here, {best / 1e9:.0f} GFLOP/s, implies the "
            f"cores ran at {implied:.2f} GHz or more, so a peak from the reported clock "
            "would be too low."
        )
    return f"{note}: a peak from it could be too low, and an efficiency against it too high."


def efficiency(capture: Capture, m: Measurement) -> float | None:
    """Fraction of a known dense peak: the runner's computed FP32 CPU peak for
    float32 work on the CPU, or a cited GPU peak for the case's precision."""
    flops = m.rates.get("flop_per_s")
    if flops is None:
        return None
    dtype = compute_dtype(m.case)
    if m.case.get("device", "CPU") == "GPU":
        gpus = capture.machine.gpus
        peak = gpu_peak(gpus[0].name) if gpus else None
        dense = peak.dense_tflops.get(dtype) if peak else None
        return flops / (dense * 1e12) if dense else None
    peak = cpu_peak_flops(capture)
    return flops / peak if peak is not None and dtype == "float32" else None


def number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def duration(seconds: float) -> str:
    """E.g. "348 µs", with a no-break space: a narrow table cell wraps before the
    time, never between a number and its unit."""
    if seconds >= 1:
        return f"{seconds:,.2f}\u00a0s"
    if seconds >= 1e-3:
        return f"{number(seconds * 1e3)}\u00a0ms"
    return f"{number(seconds * 1e6)}\u00a0µs"


def _case_keys(found) -> list[str]:
    keys: list[str] = []
    for _, _, m in found:
        keys += [k for k in m.case if k not in keys]
    devices = {m.case.get("device") for _, _, m in found}
    return [k for k in keys if k != "device" or len(devices) > 1]


def _cell(value) -> str:
    return "" if value is None else str(value)


def table(name: str, captures: dict[str, Capture], hashes: dict[str, str | None]) -> str:
    """``hashes``: the current source hash of each benchmark snippet (stale check)."""
    found = rows(name, captures)
    if not found:
        return (
            f'!!! info "No measurements yet"\n\n    No capture contains the `{name}` '
            "benchmark yet. See [Reproduce on your hardware](reproduce.md).\n"
        )
    runners = list(dict.fromkeys(r for r, _, _ in found))
    keys = _case_keys(found)
    rate = primary_rate([m for _, _, m in found], name)
    unit, scale = UNITS[rate] if rate else ("", 1.0)
    with_eff = {r for r, c, m in found if efficiency(c, m) is not None}

    by_case: dict[tuple, dict[str, Measurement]] = {}
    for runner, _, m in found:
        by_case.setdefault(tuple(_cell(m.case.get(k)) for k in keys), {})[runner] = m
    header = list(keys)
    for runner in runners:
        header.append(f"`{runner}` {unit or 'rate'} (median time)")
        if runner in with_eff:
            header.append(f"`{runner}` of peak")
    align = "|" + "---|" * len(keys) + "--:|" * (len(header) - len(keys))
    lines = ["| " + " | ".join(header) + " |", align]
    noisy = False
    for case, measured in by_case.items():
        cells = list(case)
        for runner in runners:
            m = measured.get(runner)
            mark = ""
            if m is not None and is_noisy(m):
                mark, noisy = f" {NOISY_MARK}", True
            value = m.rates.get(rate) if m and rate else None
            shown = number(value / scale) if value is not None else ""
            cells.append(f"{shown} ({duration(m.median_s)}){mark}" if m else "—")
            if runner in with_eff:
                eff = efficiency(captures[runner], m) if m else None
                cells.append(f"{100 * eff:.0f}%" if eff is not None else "")
        lines.append("| " + " | ".join(cells) + " |")

    notes = [caption(name, captures, runners, hashes)]
    if noisy:
        notes.append(
            f"{NOISY_MARK} Trust less: the spread of its samples (interquartile range over "
            f"median) was above {WIDE_SPREAD:.0%}, or other work kept more than {BUSY} CPUs "
            "busy while it ran."
        )
    for runner in runners:
        capture = captures[runner]
        peak = capture.machine.cpu.peak or {}
        if runner in with_eff and peak.get("peak_fp32_gflops") and cpu_peak_flops(capture):
            notes.append(
                f"FP32 peak of `{runner}`: {peak['peak_fp32_gflops']} GFLOP/s "
                f"({peak.get('basis', 'basis not recorded')})"
            )
        implied = implied_clock_note(runner, capture, found)
        if implied:
            notes.append(implied)
        for gpu in sorted({g.name for g in capture.machine.gpus}):
            cited = gpu_peak(gpu)
            if runner in with_eff and cited:
                notes.append(
                    f"`{runner}` {cited.product}: dense peaks from [NVIDIA]({cited.source}); "
                    "float32 rows against TF32, which TensorFlow uses for them by default"
                )
    return (
        "\n".join(lines)
        + "\n\n"
        + "\n".join(f"- {n}" for n in notes)
        + "\n\n"
        + full_data(name, captures)
    )


def caption(name: str, captures: dict[str, Capture], runners, hashes) -> str:
    """Each runner's machine, its benchmark version and session, stale marked."""
    parts = []
    for runner in runners:
        capture = captures[runner]
        run = capture.benchmarks[name]
        text = (
            f"`{runner}`: {machine_label(capture.machine)}; {name} benchmark version "
            f"{run.benchmark_version}, {provenance_line(runner, capture.session_of(run))}"
        )
        if is_stale(run, hashes.get(run.snippet)):
            text += (
                f". **Stale:** `{run.snippet}` or the timing module changed since; refresh "
                f"with `make capture RUNNER={runner} ONLY={run.snippet}` on that machine"
            )
        if run.onednn_kernels:
            text += ". oneDNN: " + "; ".join(run.onednn_kernels)
        parts.append(text)
    return "Measured on " + ". ".join(parts) + "."


def full_data(name: str, captures: dict[str, Capture]) -> str:
    """Every measurement of ``name`` with all its rates, spread and load, folded."""
    found = rows(name, captures)
    keys = _case_keys(found)
    rates: list[str] = []
    for _, _, m in found:
        rates += [r for r in m.rates if r not in rates and r in UNITS]
    header = ["runner", *keys, "median", "IQR / median", *(UNITS[r][0] for r in rates)]
    header.append("other load (CPUs)")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for runner, _, m in found:
        cells = [f"`{runner}`", *(_cell(m.case.get(k)) for k in keys)]
        cells += [duration(m.median_s), f"{100 * m.iqr_over_median:.1f}%"]
        cells += [number(m.rates[r] / UNITS[r][1]) if r in m.rates else "" for r in rates]
        other = m.load.other_cpus if m.load else None
        cells.append(f"{other:.2f}" if other is not None else "not recorded")
        lines.append("| " + " | ".join(cells) + " |")
    body = "\n".join("    " + line for line in lines)
    return f'??? info "All {name} measurements"\n\n{body}\n'
