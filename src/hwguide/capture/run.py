"""The capture command: run snippets and benchmarks here, record them with provenance."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from ..paths import CAPTURES, ROOT, SNIPPETS, relative
from ..snippets import requirements, snippet_files, source_hash
from ..tfenv import quiet_environ, strip_noise
from . import store
from .schema import SCHEMA_VERSION, BenchmarkRun, Capture, Provenance, SnippetRun

BENCHMARKS = SNIPPETS / "benchmarks"
#: The benchmarks' shared timing module: shown and run like a snippet, and part
#: of every benchmark's identity (changing the method makes results stale).
TIMING = BENCHMARKS / "timing.py"
#: Environment variables that change performance, recorded with every capture.
PERFORMANCE_ENV = (
    "TF_ENABLE_ONEDNN_OPTS",
    "TF_XLA_FLAGS",
    "XLA_FLAGS",
    "NVIDIA_TF32_OVERRIDE",
    "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS",
    "OMP_NUM_THREADS",
    "KMP_AFFINITY",
    "KMP_BLOCKTIME",
    "CUDA_VISIBLE_DEVICES",
    "TF_GPU_ALLOCATOR",
    "TF_FORCE_GPU_ALLOW_GROWTH",
    "TF_CPP_MIN_LOG_LEVEL",
    "TF_DETERMINISTIC_OPS",
    "TF_ENABLE_AUTO_MIXED_PRECISION",
)
TIMEOUT_S = {"smoke": 300, "quick": 900, "full": 3600}


def is_benchmark(path: Path) -> bool:
    return path.parent == BENCHMARKS and path != TIMING


def snippet_hash(path: Path) -> str:
    """What a capture records for a snippet: its source hash. A benchmark's hash
    covers the timing module too, since that is part of its method."""
    if is_benchmark(path):
        digest = hashlib.sha256(path.read_bytes() + b"\0" + TIMING.read_bytes()).hexdigest()
        return f"sha256:{digest}"
    return source_hash(path)


def _private(text: str) -> str:
    """Remove machine-specific paths from captured output."""
    text = text.replace(str(ROOT), ".")
    home = os.path.expanduser("~")
    return text.replace(home, "~") if home not in ("/", "") else text


def _git() -> tuple[str | None, bool | None]:
    def git(*args: str) -> str | None:
        try:
            return subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=30
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--", ".", ":(exclude)captures")
    return commit, None if status is None else bool(status)


def probe() -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "hwguide.capture.probe"],
        cwd=ROOT,
        env=quiet_environ(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise SystemExit(f"the machine probe failed:\n{strip_noise(result.stderr)}")
    return json.loads(result.stdout)


def provenance(runner: str, profile: str, machine: dict, argv: list[str]) -> Provenance:
    commit, dirty = _git()
    return Provenance(
        runner=runner,
        kind=machine["kind"],
        profile=profile,
        captured_at=datetime.now(UTC).replace(microsecond=0),
        command=["python", "-m", "hwguide", *argv],
        os=machine["os"],
        cpu=machine["cpu"],
        gpus=machine["gpus"],
        versions={
            "python": machine["python"],
            "tensorflow": machine["tensorflow"],
            "keras": machine["keras"],
            "numpy": machine["numpy"],
            "tf_built_with_cuda": machine["tf_built_with_cuda"],
            "cuda_build": machine["cuda_build"],
            "cudnn_build": machine["cudnn_build"],
        },
        git_commit=commit,
        git_dirty=dirty,
        environment={k: os.environ[k] for k in PERFORMANCE_ENV if k in os.environ},
    )


def run_one(path: Path, prov: Provenance) -> tuple[SnippetRun, dict | None]:
    """Run one snippet in a fresh process; return its record and benchmark JSON."""
    kind, profile = prov.kind, prov.profile
    stamp = {"captured_at": datetime.now(UTC).replace(microsecond=0), "git_commit": prov.git_commit}
    missing = sorted(need for need in requirements(path) if need != kind)
    if missing:
        reason = f"needs a {'/'.join(m.upper() for m in missing)}; this runner has none"
        return SnippetRun(
            source_hash=snippet_hash(path),
            exit_code=None,
            wall_s=None,
            stdout="",
            stderr="",
            skipped=reason,
            **stamp,
        ), None
    with tempfile.TemporaryDirectory(prefix="hwguide-capture-") as scratch:
        results_file = Path(scratch) / "results.json"
        env = quiet_environ() | {"BENCH_PROFILE": profile, "PYTHONUNBUFFERED": "1"}
        if is_benchmark(path):
            env["BENCH_RESULTS"] = str(results_file)
        start = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, str(path)],
                cwd=scratch,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S[profile],
            )
            code, out, err = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as timeout:
            partial = timeout.stdout or ""
            code, out = -9, partial.decode() if isinstance(partial, bytes) else partial
            err = f"timed out after {TIMEOUT_S[profile]} s"
        wall = time.perf_counter() - start
        results = (
            json.loads(results_file.read_text()) if code == 0 and results_file.exists() else None
        )
    record = SnippetRun(
        source_hash=snippet_hash(path),
        exit_code=code,
        wall_s=round(wall, 3),
        stdout=_private(out),
        stderr=_private(strip_noise(err)),
        **stamp,
    )
    return record, results


def select(only: list[str] | None) -> list[Path]:
    files = snippet_files()
    if not only:
        return files
    chosen = [p for p in files if any(relative(p).startswith(o.rstrip("/")) for o in only)]
    if not chosen and not any(o.startswith("notebooks") for o in only):
        raise SystemExit(f"--only {' '.join(only)} matches no snippet (paths start with snippets/)")
    return chosen


def capture(runner: str, profile: str, only: list[str] | None, argv: list[str]) -> Path:
    path = CAPTURES / f"{runner}.json"
    previous = store.load(path) if path.exists() else None
    targets = select(only)
    machine = probe()
    if previous is not None and previous.provenance.kind != machine["kind"]:
        raise SystemExit(
            f"{relative(path)} was captured on a {previous.provenance.kind} runner; "
            f"this machine is {machine['kind']}: use another --runner name"
        )
    prov = provenance(runner, profile, machine, argv)
    snippets = dict(previous.snippets) if previous and only else {}
    benchmarks = dict(previous.benchmarks) if previous and only else {}

    plain = [p for p in targets if not is_benchmark(p)]
    timed = [p for p in targets if is_benchmark(p)]
    failures = []
    for group, label in ((plain, "snippets"), (timed, "benchmarks")):
        bar = tqdm(group, desc=label, unit=label[:-1], dynamic_ncols=True)
        for snippet in bar:
            bar.set_postfix_str(relative(snippet))
            record, results = run_one(snippet, prov)
            snippets[relative(snippet)] = record
            if record.exit_code not in (0, None):
                failures.append(relative(snippet))
            if results is not None:
                benchmarks[results["benchmark"]] = BenchmarkRun(
                    snippet=relative(snippet),
                    benchmark_version=results["benchmark_version"],
                    results=results["results"],
                )
    current = {relative(p) for p in snippet_files()}
    snippets = {k: v for k, v in sorted(snippets.items()) if k in current}
    benchmarks = {k: v for k, v in sorted(benchmarks.items()) if v.snippet in current}
    result = Capture(
        schema_version=SCHEMA_VERSION, provenance=prov, snippets=snippets, benchmarks=benchmarks
    )
    store.write_atomic(path, result)
    print(f"wrote {relative(path)}: {len(snippets)} snippets, {len(benchmarks)} benchmarks")

    from ..render.labels import provenance_line, runner_label
    from . import notebooks

    chosen = [
        n
        for n in notebooks.sources()
        if not only or any(relative(n).startswith(o.rstrip("/")) for o in only)
    ]
    for source in tqdm(chosen, desc="notebooks", unit="notebook", dynamic_ncols=True):
        written = notebooks.capture(
            source, runner, runner_label(result), provenance_line(result), profile
        )
        print(f"wrote {relative(written)}")
    if failures:
        print("these snippets failed (their output is recorded):\n  " + "\n  ".join(failures))
    return path
