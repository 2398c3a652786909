"""Estimate this machine's peak FP32 FLOP/s from /proc/cpuinfo and a table of cores."""

import os
import re
from pathlib import Path

# FP32 FLOPs per cycle per core = FMA units x FP32 lanes per unit (vector_bits / 32)
# x 2 (an FMA is a multiply and an add). vector_bits is the width of each FMA unit's
# datapath, which can be narrower than the widest instruction (Zen 4 runs AVX-512 on
# 256-bit pipes). A plain literal: a test reads it without running this file.
# x86 rows match vendor, family and model ranges (first, last), as the Linux kernel
# assigns them (arch/x86/include/asm/intel-family.h for Intel; bsp_init_amd() in
# arch/x86/kernel/cpu/amd.c for AMD's Zen generations). Arm rows match the "CPU
# implementer" and "CPU part" fields (arch/arm64/include/asm/cputype.h).
MICROARCHITECTURES = [
    # AMD Zen 2 (family 17h models 30h-4Fh, 60h-7Fh, 90h-91h, A0h-AFh, e.g. EPYC 7002
    # "Rome"): two 256-bit FMA pipes. Models 00h-2Fh and 50h-5Fh are Zen 1, not listed.
    # Source: AMD Software Optimization Guide for Family 17h Models 30h and Greater.
    {
        "name": "AMD Zen 2",
        "vendor": "AuthenticAMD",
        "family": 0x17,
        "models": [(0x30, 0x4F), (0x60, 0x7F), (0x90, 0x91), (0xA0, 0xAF)],
        "fma_units": 2,
        "vector_bits": 256,
        "source": "https://www.amd.com/en/developer/resources/developer-guides-manuals.html",
    },
    # AMD Zen 3 (family 19h models 00h-0Fh and 20h-5Fh, e.g. EPYC 7003 "Milan"):
    # two 256-bit FMA pipes. Source: AMD Software Optimization Guide for Family 19h.
    {
        "name": "AMD Zen 3",
        "vendor": "AuthenticAMD",
        "family": 0x19,
        "models": [(0x00, 0x0F), (0x20, 0x5F)],
        "fma_units": 2,
        "vector_bits": 256,
        "source": "https://www.amd.com/en/developer/resources/developer-guides-manuals.html",
    },
    # AMD Zen 4 (family 19h models 10h-1Fh "Genoa", 60h-AFh, e.g. A0h-AFh "Bergamo"):
    # AVX-512 is executed on the same two 256-bit FMA pipes, so the peak per cycle
    # is Zen 3's. Source: AMD Software Optimization Guide for the Zen 4 core.
    {
        "name": "AMD Zen 4",
        "vendor": "AuthenticAMD",
        "family": 0x19,
        "models": [(0x10, 0x1F), (0x60, 0xAF)],
        "fma_units": 2,
        "vector_bits": 256,
        "source": "https://www.amd.com/en/developer/resources/developer-guides-manuals.html",
    },
    # AMD Zen 5 (family 1Ah models 00h-2Fh, 40h-4Fh, 60h-7Fh, e.g. EPYC 9005 "Turin"):
    # two 512-bit FMA pipes (some mobile parts keep 256-bit pipes: for them this is an
    # upper bound). Models 50h-5Fh, 80h-AFh and C0h-CFh are Zen 6, not listed.
    # Source: AMD Software Optimization Guide for the Zen 5 core.
    {
        "name": "AMD Zen 5",
        "vendor": "AuthenticAMD",
        "family": 0x1A,
        "models": [(0x00, 0x2F), (0x40, 0x4F), (0x60, 0x7F)],
        "fma_units": 2,
        "vector_bits": 512,
        "source": "https://www.amd.com/en/developer/resources/developer-guides-manuals.html",
    },
    # Intel Xeon Scalable, family 6, AVX-512. The number of 512-bit FMA units (1 or 2)
    # is per SKU: Intel ARK lists it as "# of AVX-512 FMA Units". Model 55h covers
    # Skylake-SP, Cascade Lake and Cooper Lake, and also Xeon W-2100/W-2200/W-3200,
    # Xeon D-2100 and Core X parts; _skylake_fma_units() below decides from the name,
    # with the rules of github.com/jeffhammond/vpu-count (README.md, vpu-count.c).
    {
        "name": "Intel Skylake-SP / Cascade Lake",
        "vendor": "GenuineIntel",
        "family": 6,
        "models": [(0x55, 0x55)],
        "fma_units": None,  # per SKU
        "vector_bits": 512,
        "source": "https://ark.intel.com/content/www/us/en/ark/products/series/125191/intel-xeon-scalable-processors.html",
    },
    {
        "name": "Intel Ice Lake-SP",
        "vendor": "GenuineIntel",
        "family": 6,
        "models": [(0x6A, 0x6A), (0x6C, 0x6C)],
        "fma_units": 2,
        "vector_bits": 512,
        "source": "https://ark.intel.com/content/www/us/en/ark/products/series/204098/3rd-generation-intel-xeon-scalable-processors.html",
    },
    {
        "name": "Intel Sapphire Rapids",
        "vendor": "GenuineIntel",
        "family": 6,
        "models": [(0x8F, 0x8F)],
        "fma_units": 2,  # AVX-512 only; AMX (BF16/INT8 tiles) is not FP32
        "vector_bits": 512,
        "source": "https://ark.intel.com/content/www/us/en/ark/products/series/228622/4th-generation-intel-xeon-scalable-processors.html",
    },
    {
        "name": "Intel Emerald Rapids",
        "vendor": "GenuineIntel",
        "family": 6,
        "models": [(0xCF, 0xCF)],
        "fma_units": 2,
        "vector_bits": 512,
        "source": "https://www.intel.com/content/www/us/en/ark/products/series/236644/5th-gen-intel-xeon-scalable-processors.html",
    },
    # Arm Neoverse V2 (implementer 41h = Arm, part D4Fh), the core of AWS Graviton4,
    # NVIDIA Grace and Google Axion: four 128-bit SVE2/Neon pipes, all four able to
    # do FMA (NVIDIA: FP64 FMLA peak of 16 per cycle). Sources: AWS Graviton Technical
    # Guide (README) and the NVIDIA Grace CPU Benchmarking Guide (vectorization page).
    {
        "name": "Arm Neoverse V2",
        "implementer": 0x41,
        "part": 0xD4F,
        "fma_units": 4,
        "vector_bits": 128,
        "source": "https://github.com/aws/aws-graviton-getting-started/blob/main/README.md",
    },
]


def _cpuinfo_blocks():
    """One dict per logical CPU from /proc/cpuinfo (empty list where there is none)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return []
    blocks = []
    for chunk in text.strip().split("\n\n"):
        fields = {}
        for line in chunk.splitlines():
            key, sep, value = line.partition(":")
            if sep:
                fields[key.strip()] = value.strip()
        if fields:
            blocks.append(fields)
    return blocks


def _int(value, base=10):
    try:
        return int(value, base)
    except (TypeError, ValueError):
        return None


def _physical_cores(blocks):
    """Distinct (physical id, core id) pairs, or None if cpuinfo does not say."""
    pairs = {(b.get("physical id"), b.get("core id")) for b in blocks if "core id" in b}
    return len(pairs) or None


def _skylake_fma_units(model_name):
    """512-bit FMA units of a model-55h part, from its name (as ARK lists them).

    One: Silver, Bronze, Gold 51xx/52xx other than 5122 and 5222, Xeon W-2102 and
    W-2104, and Xeon D-21xx. Two: Platinum, Gold 6xxx, Gold 5122/5222, the Cooper
    Lake Gold 53xxH (the README's table, from ARK), the other Xeon W parts and Core X.
    """
    if re.search(r"Silver|Bronze", model_name):
        return 1
    gold5 = re.search(r"Gold\s+5(\d{3})", model_name)
    if gold5 and not gold5.group(1).startswith("3") and gold5.group(1) not in ("122", "222"):
        return 1
    if re.search(r"\bW-210[24]\b", model_name):
        return 1
    if re.search(r"\bD-21\d\d", model_name):
        return 1
    return 2


def _matches(row, vendor, family, model, implementer, part):
    if "implementer" in row:  # Arm: "CPU implementer" and "CPU part"
        return row["implementer"] == implementer and row["part"] == part
    return (
        row["vendor"] == vendor
        and row["family"] == family
        and model is not None
        and any(first <= model <= last for first, last in row["models"])
    )


def _clock():
    """Maximum clock from cpufreq if the kernel exposes it, else the 'cpu MHz' field."""
    max_freq = Path("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")
    try:
        return int(max_freq.read_text()) / 1e6, "cpufreq cpuinfo_max_freq (maximum clock)"
    except (OSError, ValueError):
        return None, None


def cpu_peak() -> dict:
    """What this CPU's FP32 peak is, where the table knows its microarchitecture."""
    blocks = _cpuinfo_blocks()
    first = blocks[0] if blocks else {}
    vendor = first.get("vendor_id")
    family = _int(first.get("cpu family"))
    model = _int(first.get("model"))
    implementer = _int(first.get("CPU implementer"), 16)
    part = _int(first.get("CPU part"), 16)
    model_name = first.get("model name")
    logical = os.cpu_count() or len(blocks) or None
    cores = _physical_cores(blocks)
    cores_note = ""
    if cores is None:
        cores = logical
        cores_note = " (physical cores unknown: used the logical CPU count)"

    clock_ghz, clock_source = _clock()
    if clock_ghz is None and first.get("cpu MHz"):
        clock_ghz = float(first["cpu MHz"]) / 1000
        clock_source = (
            "cpu MHz in /proc/cpuinfo (current or nominal clock, not the maximum; "
            "in a VM the boost clock is often hidden)"
        )

    arch = next(
        (r for r in MICROARCHITECTURES if _matches(r, vendor, family, model, implementer, part)),
        None,
    )
    fma_units = vector_bits = flops_per_cycle = None
    if arch is not None:
        fma_units, vector_bits = arch["fma_units"], arch["vector_bits"]
        if fma_units is None:  # Skylake-SP / Cascade Lake / Cooper Lake: per SKU
            fma_units = _skylake_fma_units(model_name or "")
        flops_per_cycle = fma_units * (vector_bits // 32) * 2

    peak = None
    if arch and cores and clock_ghz:
        peak = round(cores * flops_per_cycle * clock_ghz, 1)
        basis = (
            f"{cores} cores{cores_note} x {flops_per_cycle} FP32 FLOPs/cycle "
            f"({arch['name']}: {fma_units} x {vector_bits}-bit FMA units) "
            f"x {clock_ghz:.3f} GHz = {peak} GFLOP/s"
        )
    elif arch is None:
        ids = {
            "vendor": vendor,
            "family": family,
            "model": model,
            "CPU implementer": implementer,
            "CPU part": part,
        }
        named = ", ".join(f"{key} {value}" for key, value in ids.items() if value is not None)
        basis = f"microarchitecture not in the table ({named or 'no identification'})"
    else:
        basis = "the clock or the core count could not be read"

    return {
        "vendor": vendor,
        "family": family,
        "model": model,
        "model_name": model_name,
        "microarchitecture": arch["name"] if arch else None,
        "physical_cores": cores,
        "logical_cpus": logical,
        "clock_ghz": round(clock_ghz, 3) if clock_ghz else None,
        "clock_source": clock_source,
        "fma_units": fma_units,
        "vector_bits": vector_bits,
        "fp32_flops_per_cycle_per_core": flops_per_cycle,
        "peak_fp32_gflops": peak,
        "basis": basis,
        "source": arch["source"] if arch else None,
    }


if __name__ == "__main__":
    for key, value in cpu_peak().items():
        print(f"{key:>30}: {value}")
