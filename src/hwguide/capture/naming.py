"""Runner names that say what the machine is, derived from the probe.

``cpu-zen4-avx512-2c``: kind, microarchitecture, the widest vector or matrix
extension TensorFlow can use there, and physical cores. The extension matters:
the same Zen 4 CPU with AVX-512 hidden by its hypervisor (AVX2 only) runs
TensorFlow's kernels differently, so it is another runner. GPU runners are named
after their GPUs: ``gpu-h100-80gb-hbm3`` (``gpu-2x-...`` for several).
"""

from __future__ import annotations

import re

from .schema import Machine

#: Widest first: the first flag the CPU has names its runner.
EXTENSIONS = (
    ("amx_tile", "amx"),
    ("avx512f", "avx512"),
    ("avx2", "avx2"),
    ("sve", "sve"),
    ("asimd", "neon"),
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def runner_name(machine: Machine) -> str:
    if machine.kind == "gpu" and machine.gpus:
        names = sorted({g.name for g in machine.gpus})
        count = f"{len(machine.gpus)}x-" if len(machine.gpus) > 1 else ""
        return "gpu-" + count + "-".join(_slug(n.removeprefix("NVIDIA ")) for n in names)
    cpu = machine.cpu
    arch = cpu.microarchitecture
    if arch:
        vendor = (cpu.vendor or "").lower()
        brand = next((b for b in ("amd", "intel", "arm") if b in vendor or b in arch.lower()), "")
        arch = _slug(arch).removeprefix(f"{brand}-") if brand else _slug(arch)
        arch = re.sub(r"^zen-(\d)", r"zen\1", arch)  # "zen-4" reads worse than "zen4"
    else:
        arch = _slug(f"{cpu.vendor or 'unknown'}-f{cpu.family}m{cpu.model}")
    extension = next((name for flag, name in EXTENSIONS if flag in cpu.simd), None)
    cores = cpu.physical_cores or cpu.logical_cpus
    parts = [machine.kind, arch, extension, f"{cores}c"]
    return "-".join(p for p in parts if p)
