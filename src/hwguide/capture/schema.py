"""The capture file format (validated with pydantic, never by hand).

One file per *runner*: one machine, identified by its hardware (:class:`Machine`,
compared through :meth:`Machine.fingerprint`). Each run of the capture command is
a :class:`Session` (date, commit, versions, OS, command line); every snippet and
benchmark record names the session that produced it, so a partial capture
(``--only``) adds a session without relabelling the records it did not touch.
Every record, session and the machine carry a digest of their own content
(:mod:`.store` writes and checks them), so a hand edit is detected on load.

Bump ``SCHEMA_VERSION`` when the shape changes; each benchmark carries its own
``benchmark_version`` (from its snippet) that changes when its method changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 2
RUNNER_NAME = r"^[a-z0-9][a-z0-9._-]*$"
DIGEST = r"^sha256:[0-9a-f]{64}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sealed(Strict):
    """A part of a capture with a digest of its own content (see :mod:`.store`)."""

    digest: str | None = Field(
        default=None, pattern=DIGEST, description="sha256 of the rest of this object"
    )


class CPU(Strict):
    vendor: str | None
    model_name: str | None
    family: int | None
    model: int | None
    microarchitecture: str | None = Field(description="from snippets/hardware/cpu_peak.py")
    logical_cpus: int = Field(ge=1)
    physical_cores: int | None
    simd: list[str] = Field(description="SIMD/matrix extensions the OS reports (cpuinfo flags)")
    peak: dict[str, str | int | float | None] | None = Field(
        description="cpu_peak() from snippets/hardware/cpu_peak.py, if it could tell"
    )


class GPU(Strict):
    name: str
    memory_mib: int | None
    driver: str | None
    compute_capability: str | None


class Machine(Sealed):
    """The hardware a runner is. A capture on other hardware is refused."""

    kind: Literal["cpu", "gpu", "tpu"]
    cpu: CPU
    gpus: list[GPU]

    def fingerprint(self) -> dict[str, object]:
        """What must be equal for two probes to be the same machine: the hardware,
        not its clock reading, memory size, driver or software versions."""
        cpu = self.cpu
        return {
            "kind": self.kind,
            "cpu vendor": cpu.vendor,
            "cpu model name": cpu.model_name,
            "cpu family/model": (cpu.family, cpu.model),
            "microarchitecture": cpu.microarchitecture,
            "logical CPUs": cpu.logical_cpus,
            "physical cores": cpu.physical_cores,
            "SIMD and matrix extensions": sorted(cpu.simd),
            "GPUs": sorted(g.name for g in self.gpus),
        }


class Versions(Strict):
    python: str
    tensorflow: str | None
    keras: str | None
    numpy: str | None
    tf_built_with_cuda: bool | None
    cuda_build: str | None = Field(description="CUDA version TensorFlow was built against")
    cudnn_build: str | None = Field(description="cuDNN version TensorFlow was built against")
    backend: str | None = Field(
        default=None, description="Keras backend, where it is not TensorFlow (e.g. jax)"
    )


class Session(Sealed):
    """One run of the capture command on this runner: where its records came from."""

    captured_at: datetime
    profile: Literal["quick", "full", "smoke"]
    command: list[str]
    os: str
    memory_gib: float | None
    versions: Versions
    git_commit: str | None
    git_dirty: bool | None
    environment: dict[str, str] = Field(description="variables that change performance")


class SnippetRun(Sealed):
    """One snippet's run, in the session it names."""

    session: str = Field(description="key of the session in this file that ran it")
    source_hash: str = Field(pattern=DIGEST)
    captured_at: datetime
    exit_code: int | None = Field(description="None when not run (skipped)")
    wall_s: float | None
    stdout: str
    stderr: str
    skipped: str | None = Field(default=None, description="why it was not run here")
    failure: str | None = Field(
        default=None,
        description="why the run counts as failed (last traceback line, time-out), else None",
    )


#: More CPUs than this kept busy by other work while a result was timed, and the
#: result reads low: the capture command warns, the pages mark it.
BUSY = 0.25


class Load(Strict):
    """How busy the machine was while a result was timed (Linux /proc/stat)."""

    process_cpus: float = Field(description="CPU time of the benchmark process / wall time")
    other_cpus: float | None = Field(
        description="CPU time of everything else on the machine / wall time"
    )

    @property
    def busy(self) -> bool:
        return self.other_cpus is not None and self.other_cpus > BUSY


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
    load: Load | None = None


class BenchmarkRun(Sealed):
    session: str = Field(description="key of the session in this file that ran it")
    captured_at: datetime
    snippet: str
    source_hash: str = Field(pattern=DIGEST, description="of the snippet and timing.py")
    benchmark_version: int
    results: list[Measurement]
    onednn_kernels: list[str] = Field(
        default_factory=list,
        description="oneDNN primitives created while it ran (ONEDNN_VERBOSE): kind, "
        "implementation and ISA, data types",
    )


class Capture(Strict):
    schema_version: Literal[2]
    runner: str = Field(pattern=RUNNER_NAME)
    machine: Machine
    sessions: dict[str, Session]
    snippets: dict[str, SnippetRun]
    benchmarks: dict[str, BenchmarkRun]

    @model_validator(mode="after")
    def _sessions_exist(self) -> Capture:
        for where, records in (("snippets", self.snippets), ("benchmarks", self.benchmarks)):
            for name, record in records.items():
                if record.session not in self.sessions:
                    raise ValueError(
                        f"{where}.{name}: session {record.session!r} is not in sessions"
                    )
        return self

    @property
    def kind(self) -> str:
        return self.machine.kind

    def session_of(self, record: SnippetRun | BenchmarkRun) -> Session:
        return self.sessions[record.session]
