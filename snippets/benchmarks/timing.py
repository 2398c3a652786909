"""The timing method every benchmark on this site uses (run it to see a demo)."""

import json
import math
import os
import statistics
import time

# How big the benchmarks are: "quick" fits a 2-core laptop in minutes, "full" is
# for GPU runners, "smoke" only checks that the code runs (the test suite uses it).
PROFILE = os.environ.get("BENCH_PROFILE", "quick")


def pick(quick, full, smoke):
    """Choose a setting by profile."""
    return {"quick": quick, "full": full, "smoke": smoke}[PROFILE]


def measure(run, sync, *, warmup=2, repeats=None, min_time=None):
    """Time ``run()``: warm-up calls excluded, then ``repeats`` timed samples.

    Each sample calls ``run()`` ``inner`` times back to back, then ``sync(result)``,
    which must wait until the device has finished (GPU work is asynchronous: the
    Python call returns before the kernel ends). ``inner`` is chosen so a sample
    lasts at least ``min_time`` seconds, which keeps timer resolution and launch
    jitter out of the figure (and averages over the scheduler's hiccups).
    Returns seconds per call, one value per sample, with ``.load``: how busy the
    machine was meanwhile (see :func:`cpu_load`).
    """
    repeats = repeats or pick(15, 15, 2)
    min_time = pick(0.25, 0.25, 0.0) if min_time is None else min_time
    result = None
    for _ in range(warmup):  # compilation, autotuning, caches, memory pools
        result = run()
    sync(result)
    start = time.perf_counter()
    sync(run())
    single = max(time.perf_counter() - start, 1e-7)
    inner = max(1, math.ceil(min_time / single))
    samples = Samples()
    before = _cpu_times()
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            result = run()
        sync(result)
        samples.append((time.perf_counter() - start) / inner)
    samples.load = cpu_load(before, _cpu_times())
    return samples


class Samples(list):
    """Timing samples (seconds per call), and the machine's load while they ran."""

    load = None


def _cpu_times():
    """(wall clock, this process's CPU seconds, the whole machine's busy CPU seconds)."""
    own = os.times()
    try:  # Linux: the first line of /proc/stat adds up every CPU, in clock ticks
        with open("/proc/stat", encoding="ascii") as stat:
            ticks = [int(v) for v in stat.readline().split()[1:]]
        # user nice system idle iowait irq softirq steal: all but idle and iowait
        busy = (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        busy = None
    return time.perf_counter(), own.user + own.system, busy


def cpu_load(before, after):
    """CPUs kept busy by this process, and by everything else (other programs,
    and in a VM the time the hypervisor gave to other guests), while timing ran.
    A benchmark sharing its cores with other work measures less than the machine."""
    wall = after[0] - before[0]
    if wall <= 0:
        return None
    own = (after[1] - before[1]) / wall
    other = None
    if before[2] is not None and after[2] is not None:
        other = max(0.0, (after[2] - before[2]) / wall - own)
    return {"process_cpus": round(own, 2), "other_cpus": None if other is None else round(other, 2)}


def summarize(samples):
    """Median and spread of timing samples (seconds)."""
    ordered = sorted(samples)
    q1, _, q3 = statistics.quantiles(ordered, n=4) if len(ordered) > 1 else ordered * 3
    median = statistics.median(ordered)
    return {
        "median_s": median,
        "q1_s": q1,
        "q3_s": q3,
        "min_s": ordered[0],
        "max_s": ordered[-1],
        "iqr_over_median": (q3 - q1) / median if median else 0.0,
    }


def record(case, times, **work):
    """One result: the case's parameters, the timings (seconds per call), and the
    work done per call (e.g. flop=..., bytes=..., samples=...), giving rates."""
    summary = summarize(times)
    rates = {f"{unit}_per_s": amount / summary["median_s"] for unit, amount in work.items()}
    load = getattr(times, "load", None)
    return {
        "case": case,
        "times_s": list(times),
        **summary,
        "work": work,
        "rates": rates,
        "load": load,
    }


def report(name, version, results):
    """Print a table for readers; also save JSON when the capture tool asks."""
    print(f"{name} (benchmark_version {version}, profile {PROFILE})")
    for r in results:
        case = " ".join(f"{k}={v}" for k, v in r["case"].items())
        rates = " ".join(f"{k}={_si(v)}" for k, v in r["rates"].items())
        spread = f"IQR {100 * r['iqr_over_median']:.1f}%"
        print(f"  {case:50} median {r['median_s'] * 1e3:9.3f} ms {spread:>10}  {rates}")
    busy = [r["load"]["other_cpus"] for r in results if r["load"] and r["load"]["other_cpus"]]
    if busy and max(busy) >= 0.25:
        print(f"  note: other work kept up to {max(busy):.2f} CPUs busy while this ran")
    destination = os.environ.get("BENCH_RESULTS")
    if destination:
        with open(destination, "w", encoding="utf-8") as out:
            json.dump({"benchmark": name, "benchmark_version": version, "results": results}, out)


def _si(value):
    for scale, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.2f}{prefix}"
    return f"{value:.3g}"


if __name__ == "__main__":
    data = list(range(100_000))
    samples = measure(lambda: sum(data), lambda result: result)
    report("demo: sum of 100k ints", 1, [record({"n": len(data)}, samples, items=len(data))])
