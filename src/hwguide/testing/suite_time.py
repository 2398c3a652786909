"""Time a command (``make test`` by default) so that runs on different days compare.

    python -m hwguide.testing.suite_time [command ...]      (or: make time-test)

Wall time alone misleads on shared virtual machines: the same suite took 122 s and
157 s on one 2-core machine within a day, as its neighbours came and went. So this
prints, besides the wall time:

- the machine's CPU time over the run (all processes, from /proc/stat on Linux):
  the suite keeps every core busy, so wall time is about CPU time over cores;
- a probe, a fixed single-threaded Python loop timed before and after the run: how
  fast this machine was that hour;
- CPU time over the probe's mean, a figure in probe units that changes when the
  suite's work changes, and much less when only the machine's speed does.

A change that makes the suite cheaper lowers the probe units; one that only moves
work around between workers does not. Speed is measured here, never asserted in a test.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROBE_LOOP = 10**7


def probe(runs: int = 3) -> float:
    """Seconds for a fixed single-threaded loop (0.4-1.1 s on the machines so far),
    the median of ``runs`` runs: one run alone can catch a neighbour's burst."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        sum(i * i for i in range(PROBE_LOOP))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine_cpu_seconds(stat: Path = Path("/proc/stat")) -> float | None:
    """CPU seconds spent so far by all processes (user, nice, system), or None
    where /proc/stat does not exist."""
    try:
        first = stat.read_text(encoding="ascii").splitlines()[0].split()
    except OSError:
        return None
    user, nice, system = (int(field) for field in first[1:4])
    return (user + nice + system) / os.sysconf("SC_CLK_TCK")


@dataclass
class Timing:
    returncode: int
    wall_s: float
    cpu_s: float | None
    probe_before_s: float
    probe_after_s: float

    def probe_units(self) -> float | None:
        if self.cpu_s is None:
            return None
        return self.cpu_s / ((self.probe_before_s + self.probe_after_s) / 2)

    def report(self) -> str:
        cores = os.cpu_count() or 1
        lines = [
            f"exit status {self.returncode}",
            f"wall {self.wall_s:.1f} s on {cores} cores",
            f"probe {self.probe_before_s:.2f} s before, {self.probe_after_s:.2f} s after",
        ]
        if self.cpu_s is not None:
            lines.append(f"machine CPU {self.cpu_s:.0f} s ({self.probe_units():.0f} probe units)")
        return "\n".join(lines)


def measure(command: list[str], probe_runs: int = 3) -> Timing:
    before = probe(probe_runs)
    cpu0, start = machine_cpu_seconds(), time.monotonic()
    returncode = subprocess.call(command)
    wall, cpu1 = time.monotonic() - start, machine_cpu_seconds()
    after = probe(probe_runs)
    cpu = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
    return Timing(returncode, wall, cpu, before, after)


def main(argv: list[str]) -> int:
    timing = measure(argv or ["make", "test"])
    print("\n==> " + timing.report().replace("\n", "\n==> "))
    return timing.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
