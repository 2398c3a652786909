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

#: Vector and matrix extensions, widest first: (cpuinfo flag, in a runner name or
#: None, as vendors write it). The first one a CPU has names its runner and label.
EXTENSIONS = (
    ("amx_tile", "amx", "AMX"),
    ("avx512_bf16", "avx512", "AVX-512 with BF16"),
    ("avx512f", "avx512", "AVX-512"),
    ("avx2", "avx2", "AVX2"),
    ("sve", "sve", "SVE"),
    ("asimd", "neon", "Neon"),
)


#: CPUID vendor strings as people write the vendor.
VENDORS = {"GenuineIntel": "intel", "AuthenticAMD": "amd"}


def widest_extension(simd: list[str]) -> tuple[str, str] | None:
    """(name part, label) of the widest extension in ``simd``, if any is known."""
    return next(((slug, label) for flag, slug, label in EXTENSIONS if flag in simd), None)


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
    else:  # e.g. a hypervisor that hides the model: say what it reports
        vendor = VENDORS.get(cpu.vendor or "", cpu.vendor or "unknown")
        arch = _slug(f"{vendor}-f{cpu.family}m{cpu.model}")
    extension = (widest_extension(cpu.simd) or (None, None))[0]
    cores = cpu.physical_cores or cpu.logical_cpus
    parts = [machine.kind, arch, extension, f"{cores}c"]
    return "-".join(p for p in parts if p)
