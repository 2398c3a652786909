"""The capture file format (validated with pydantic, never by hand).

Bump ``SCHEMA_VERSION`` when the shape changes; each benchmark carries its own
``benchmark_version`` (from its snippet) that changes when its method changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CPU(Strict):
    vendor: str | None
    model_name: str | None
    family: int | None
    model: int | None
    logical_cpus: int = Field(ge=1)
    physical_cores: int | None
    memory_gib: float | None
    simd: list[str] = Field(description="SIMD/matrix extensions TensorFlow can use")
    peak: dict[str, str | int | float | None] | None = Field(
        description="cpu_peak() from snippets/hardware/cpu_peak.py, if it could tell"
    )


class GPU(Strict):
    name: str
    memory_mib: int | None
    driver: str | None
    compute_capability: str | None


class Versions(Strict):
    python: str
    tensorflow: str | None
    keras: str | None
    numpy: str | None
    tf_built_with_cuda: bool | None
    cuda_build: str | None = Field(description="CUDA version TensorFlow was built against")
    cudnn_build: str | None = Field(description="cuDNN version TensorFlow was built against")


class Provenance(Strict):
    runner: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    kind: Literal["cpu", "gpu", "tpu"]
    profile: Literal["quick", "full", "smoke"]
    captured_at: datetime
    command: list[str]
    os: str
    cpu: CPU
    gpus: list[GPU]
    versions: Versions
    git_commit: str | None
    git_dirty: bool | None
    environment: dict[str, str] = Field(description="variables that change performance")


class SnippetRun(Strict):
    """One snippet's run. Its own time and commit: ``--only`` updates some
    entries of a capture and keeps the others from earlier runs."""

    source_hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    captured_at: datetime
    git_commit: str | None
    exit_code: int | None = Field(description="None when not run (skipped)")
    wall_s: float | None
    stdout: str
    stderr: str
    skipped: str | None = Field(default=None, description="why it was not run here")


class Measurement(Strict):
    case: dict[str, str | int | float | bool]
    times_s: list[float] = Field(min_length=1)
    median_s: float = Field(gt=0)
    q1_s: float
    q3_s: float
    min_s: float
    max_s: float
    iqr_over_median: float = Field(ge=0)
    work: dict[str, float]
    rates: dict[str, float]


class BenchmarkRun(Strict):
    snippet: str
    benchmark_version: int
    results: list[Measurement]


class Capture(Strict):
    schema_version: Literal[1]
    provenance: Provenance
    snippets: dict[str, SnippetRun]
    benchmarks: dict[str, BenchmarkRun]
