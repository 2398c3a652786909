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
    Returns seconds per call, one value per sample.
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
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            result = run()
        sync(result)
        samples.append((time.perf_counter() - start) / inner)
    return samples


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
    return {"case": case, "times_s": times, **summary, "work": work, "rates": rates}


def report(name, version, results):
    """Print a table for readers; also save JSON when the capture tool asks."""
    print(f"{name} (benchmark_version {version}, profile {PROFILE})")
    for r in results:
        case = " ".join(f"{k}={v}" for k, v in r["case"].items())
        rates = " ".join(f"{k}={_si(v)}" for k, v in r["rates"].items())
        spread = f"IQR {100 * r['iqr_over_median']:.1f}%"
        print(f"  {case:50} median {r['median_s'] * 1e3:9.3f} ms {spread:>10}  {rates}")
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
