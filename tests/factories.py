"""Synthetic captures for tests of the tooling: never written into captures/."""

from __future__ import annotations

from datetime import UTC, datetime

from hwguide.capture import store
from hwguide.capture.schema import Capture

HASH = "sha256:" + "a" * 64
OTHER = "sha256:" + "b" * 64
SESSION = "2026-11-23T00:00:00Z"


def machine(kind: str = "cpu", model_name: str = "Test CPU", simd=()) -> dict:
    return {
        "kind": kind,
        "cpu": {
            "vendor": "V",
            "model_name": model_name,
            "family": 1,
            "model": 2,
            "microarchitecture": None,
            "logical_cpus": 2,
            "physical_cores": 2,
            "simd": list(simd),
            "peak": {
                "peak_fp32_gflops": 100.0,
                "basis": "2 cores x 32 x 1.5625 GHz",
                "clock_source": "cpuinfo_max_freq",
            },
        },
        "gpus": [{"name": "Test GPU", "memory_mib": 1, "driver": "1", "compute_capability": "9.0"}]
        if kind == "gpu"
        else [],
    }


def session(when: datetime = datetime(2026, 11, 23, tzinfo=UTC), commit="0123456789abcdef"):
    return {
        "captured_at": when,
        "profile": "quick",
        "command": ["python", "-m", "hwguide", "capture"],
        "os": "Linux",
        "memory_gib": 8.0,
        "versions": {
            "python": "3.11",
            "tensorflow": "2.21.0",
            "keras": "3",
            "numpy": "2",
            "tf_built_with_cuda": False,
            "cuda_build": None,
            "cudnn_build": None,
        },
        "git_commit": commit,
        "git_dirty": False,
        "environment": {},
    }


def snippet_run(stdout="hello\n", source_hash=HASH, exit_code=0, failure=None, key=SESSION):
    return {
        "session": key,
        "source_hash": source_hash,
        "captured_at": datetime(2026, 11, 23, tzinfo=UTC),
        "exit_code": exit_code,
        "wall_s": 1.0,
        "stdout": stdout,
        "stderr": "",
        "failure": failure,
    }


def measurement(case: dict, seconds: float, iqr=0.0, other_cpus=0.0, **work) -> dict:
    return {
        "case": case,
        "times_s": [seconds, seconds],
        "median_s": seconds,
        "q1_s": seconds,
        "q3_s": seconds,
        "min_s": seconds,
        "max_s": seconds,
        "iqr_over_median": iqr,
        "work": work,
        "rates": {f"{unit}_per_s": amount / seconds for unit, amount in work.items()},
        "load": {"process_cpus": 2.0, "other_cpus": other_cpus},
    }


def benchmark(name: str, results: list[dict], key=SESSION, source_hash=HASH, version=1) -> dict:
    return {
        name: {
            "session": key,
            "captured_at": datetime(2026, 11, 23, tzinfo=UTC),
            "snippet": f"snippets/benchmarks/{name}.py",
            "source_hash": source_hash,
            "benchmark_version": version,
            "results": results,
            "onednn_kernels": [],
        }
    }


def capture(
    kind="cpu", stdout="hello\n", source_hash=HASH, benchmarks=None, runner=None, **machine_args
) -> Capture:
    return store.sealed(
        Capture.model_validate(
            {
                "schema_version": 2,
                "runner": runner or f"{kind}-test",
                "machine": machine(kind, **machine_args),
                "sessions": {SESSION: session()},
                "snippets": {"snippets/t/a.py": snippet_run(stdout, source_hash)},
                "benchmarks": benchmarks or {},
            }
        )
    )


MATMUL = benchmark(
    "matmul",
    [
        measurement(
            {"impl": "tensorflow", "device": "CPU", "n": 512, "dtype": "float32", "xla": False},
            0.002,
            flop=1.6e8,
            bytes=3.1e6,
        )
    ],
)
