"""How a runner is named on the site: what it is, in a few words."""

from __future__ import annotations

import re

from ..capture.schema import Capture


def runner_label(capture: Capture) -> str:
    """E.g. "CPU · AMD EPYC (Zen 4), 2 cores · TF 2.21.0"."""
    p = capture.provenance
    tf = f"TF {p.versions.tensorflow}" if p.versions.tensorflow else "no TensorFlow"
    if p.kind == "gpu" and p.gpus:
        names = {g.name for g in p.gpus}
        count = f"{len(p.gpus)} × " if len(p.gpus) > 1 else ""
        return f"GPU · {count}{', '.join(sorted(names))} · {tf}"
    cpu = p.cpu
    arch = (cpu.peak or {}).get("microarchitecture")
    name = cpu.model_name or cpu.vendor or "CPU"
    if arch:  # "AMD EPYC (Zen 4)", not "AMD EPYC (AMD Zen 4)"
        brand = name.split()[0]
        name += f" ({arch.removeprefix(brand).strip()})"
    cores = cpu.physical_cores or cpu.logical_cpus
    return f"{p.kind.upper()} · {name}, {cores} cores · {tf}"


def provenance_line(capture: Capture) -> str:
    p = capture.provenance
    v = p.versions
    parts = [
        f"captured {p.captured_at:%Y-%m-%d} on runner `{p.runner}` (profile {p.profile})",
        f"Python {v.python}",
        f"TensorFlow {v.tensorflow}" + (" (CUDA build)" if v.tf_built_with_cuda else ""),
        f"Keras {v.keras}",
        f"NumPy {v.numpy}",
        p.os,
    ]
    if p.git_commit:
        parts.append(f"commit `{p.git_commit[:10]}`" + (" + local changes" if p.git_dirty else ""))
    return " · ".join(parts)


def html_code(markdown: str) -> str:
    """`code` spans to <code> elements, for text placed inside raw HTML."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", markdown)
