"""Run as ``python -m hwguide.capture.probe``: prints what this machine is, as JSON.

Runs in its own process (like every snippet) so the capture command itself
never holds TensorFlow's devices. Nothing private is collected: no host name,
no user name, no home-directory paths.
"""

from __future__ import annotations

import json
import os
import platform
import runpy
import shutil
import subprocess
import sys
from importlib import metadata

from ..paths import SNIPPETS

SIMD_FLAGS = (
    "avx2",
    "fma",
    "avx512f",
    "avx512_vnni",
    "avx512_bf16",
    "avx512_fp16",
    "amx_tile",
    "amx_bf16",
    "amx_int8",
    "amx_fp16",
    "asimd",
    "sve",
)


def _cpuinfo() -> dict[str, str]:
    fields: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    break  # the first processor is enough
                key, _, value = line.partition(":")
                fields[key.strip()] = value.strip()
    except OSError:
        pass
    return fields


def _physical_cores() -> int | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return None
    cores = set()
    physical = core = None
    for line in text.splitlines() + [""]:
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "physical id":
            physical = value.strip()
        elif key == "core id":
            core = value.strip()
        elif not line.strip() and core is not None:
            cores.add((physical, core))
            physical = core = None
    return len(cores) or None


def _memory_gib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def cpu() -> dict:
    info = _cpuinfo()
    flags = set(info.get("flags", info.get("Features", "")).split())
    peak = None
    peak_snippet = SNIPPETS / "hardware" / "cpu_peak.py"
    if peak_snippet.exists():
        try:
            peak = runpy.run_path(str(peak_snippet), run_name="hwguide_probe")["cpu_peak"]()
        except Exception as error:  # noqa: BLE001 - the probe reports, it does not fail
            peak = {"basis": f"cpu_peak() failed: {type(error).__name__}: {error}"}
    return {
        "vendor": info.get("vendor_id"),
        "model_name": info.get("model name") or platform.processor() or None,
        "family": _int(info.get("cpu family")),
        "model": _int(info.get("model")),
        "microarchitecture": (peak or {}).get("microarchitecture"),
        "logical_cpus": os.cpu_count() or 1,
        "physical_cores": _physical_cores(),
        "simd": sorted(flags & set(SIMD_FLAGS)),
        "peak": peak,
    }


def gpus_from_nvidia_smi() -> list[dict]:
    if not shutil.which("nvidia-smi"):
        return []
    query = "name,memory.total,driver_version,compute_cap"
    try:
        out = subprocess.run(
            ["nvidia-smi", f"--query-gpu={query}", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    gpus = []
    for line in out.strip().splitlines():
        name, memory, driver, capability = (part.strip() for part in line.split(","))
        gpus.append(
            {
                "name": name,
                "memory_mib": _int(memory),
                "driver": driver,
                "compute_capability": capability,
            }
        )
    return gpus


def tensorflow() -> dict:
    from ..tfenv import quiet_this_process

    quiet_this_process()
    import tensorflow as tf

    build = tf.sysconfig.get_build_info()
    gpus = tf.config.list_physical_devices("GPU")
    tpus = tf.config.list_physical_devices("TPU")
    details = [tf.config.experimental.get_device_details(g) for g in gpus]
    return {
        "tensorflow": tf.__version__,
        "keras": _version("keras"),
        "keras_backend": _keras_backend(),
        "tf_built_with_cuda": bool(build.get("is_cuda_build", False)),
        "cuda_build": build.get("cuda_version"),
        "cudnn_build": build.get("cudnn_version"),
        "kind": "tpu" if tpus else "gpu" if gpus else "cpu",
        "tf_gpus": [
            {
                "name": d.get("device_name", "GPU"),
                "compute_capability": ".".join(map(str, d["compute_capability"]))
                if d.get("compute_capability")
                else None,
            }
            for d in details
        ],
    }


def _keras_backend() -> str | None:
    try:
        import keras

        return keras.config.backend()
    except (ImportError, AttributeError):
        return None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def main() -> None:
    tf_info = tensorflow()
    gpus = gpus_from_nvidia_smi() or [
        {
            "name": g["name"],
            "memory_mib": None,
            "driver": None,
            "compute_capability": g["compute_capability"],
        }
        for g in tf_info.pop("tf_gpus")
    ]
    tf_info.pop("tf_gpus", None)
    json.dump(
        {
            "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
            "memory_gib": _memory_gib(),
            "cpu": cpu(),
            "gpus": gpus,
            "python": platform.python_version(),
            "numpy": _version("numpy"),
            **tf_info,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
