"""How a runner and a record's provenance are named on the site."""

from __future__ import annotations

import re

from ..capture.naming import widest_extension
from ..capture.schema import Capture, Machine, Session


def machine_label(machine: Machine) -> str:
    """E.g. "AMD EPYC (Zen 4, AVX-512), 2 cores" or "NVIDIA H100 80GB HBM3"."""
    if machine.kind == "gpu" and machine.gpus:
        names = sorted({g.name for g in machine.gpus})
        count = f"{len(machine.gpus)} × " if len(machine.gpus) > 1 else ""
        return f"{count}{', '.join(names)}"
    cpu = machine.cpu
    # "Intel Xeon Processor", not "Intel(R) Xeon(R) Processor"
    name = re.sub(r"\((?:R|TM)\)", "", cpu.model_name or cpu.vendor or "CPU")
    details = []
    if cpu.microarchitecture:  # "AMD EPYC (Zen 4)", not "AMD EPYC (AMD Zen 4)"
        details.append(cpu.microarchitecture.removeprefix(name.split()[0]).strip())
    details.append((widest_extension(cpu.simd) or (None, None))[1])
    details = [d for d in details if d]
    cores = cpu.physical_cores or cpu.logical_cpus
    if details:
        name += f" ({', '.join(details)})"
    return f"{name}, {cores} cores"


def runner_label(capture: Capture) -> str:
    """E.g. "CPU · AMD EPYC (Zen 4, AVX2), 2 cores"."""
    return f"{capture.kind.upper()} · {machine_label(capture.machine)}"


def provenance_line(runner: str, session: Session) -> str:
    """Where one record came from: its session's date, versions, OS and commit."""
    v = session.versions
    parts = [
        f"captured {session.captured_at:%Y-%m-%d} on runner `{runner}` (profile {session.profile})",
        f"Python {v.python}",
        f"TensorFlow {v.tensorflow}" + (" (CUDA build)" if v.tf_built_with_cuda else ""),
        f"Keras {v.keras}" + (f" ({v.backend} backend)" if v.backend else ""),
        f"NumPy {v.numpy}",
        session.os,
    ]
    if session.git_commit:
        dirty = " + local changes" if session.git_dirty else ""
        parts.append(f"commit `{session.git_commit[:10]}`{dirty}")
    return " · ".join(parts)


def html_code(markdown: str) -> str:
    """`code` spans to <code> elements, for text placed inside raw HTML."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", markdown)
