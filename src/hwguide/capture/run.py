"""The capture command: run snippets and benchmarks here, record them with provenance.

A runner file describes one machine. Each run of this command is a session in
that file; the records it writes name it. ``--only`` re-runs some snippets and
keeps every other record with the session that made it. A probe of different
hardware than the file describes is refused (use another runner name). Failures
and time-outs are recorded and make the command exit non-zero; Ctrl-C keeps the
records that had finished.
"""

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
from ..snippets import expects_error, skip_reason, snippet_files, source_hash
from ..tfenv import quiet_environ, strip_noise
from . import onednn, store
from .naming import runner_name
from .schema import (
    BUSY,
    SCHEMA_VERSION,
    BenchmarkRun,
    Capture,
    Machine,
    Session,
    SnippetRun,
)

BENCHMARKS = SNIPPETS / "benchmarks"
#: The benchmarks' shared timing module: shown and run like a snippet, and part
#: of every benchmark's identity (changing the method makes results stale).
TIMING = BENCHMARKS / "timing.py"
#: Environment variables that change performance, recorded with every session.
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
    "ONEDNN_MAX_CPU_ISA",
    "KERAS_BACKEND",
)
TIMEOUT_S = {"smoke": 300, "quick": 900, "full": 3600}


class CaptureFailed(SystemExit):
    """The capture finished, but something in it failed: exit status 1, with the list."""


def is_benchmark(path: Path) -> bool:
    return path.parent == BENCHMARKS and path != TIMING


def snippet_hash(path: Path) -> str:
    """What a capture records for a snippet: its source hash. A benchmark's hash
    covers the timing module too, since that is part of its method."""
    if is_benchmark(path):
        digest = hashlib.sha256(path.read_bytes() + b"\0" + TIMING.read_bytes()).hexdigest()
        return f"sha256:{digest}"
    return source_hash(path)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _private(text: str) -> str:
    """Remove machine-specific paths from captured output."""
    text = text.replace(sys.prefix, "<venv>").replace(str(ROOT), ".")
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


def machine_of(probed: dict) -> Machine:
    return Machine(kind=probed["kind"], cpu=probed["cpu"], gpus=probed["gpus"])


def session_of(probed: dict, profile: str, argv: list[str]) -> Session:
    commit, dirty = _git()
    return Session(
        captured_at=_now(),
        profile=profile,
        command=["python", "-m", "hwguide", *map(_private, argv)],  # e.g. --out ~/x
        os=probed["os"],
        memory_gib=probed["memory_gib"],
        versions={
            "python": probed["python"],
            "tensorflow": probed["tensorflow"],
            "keras": probed["keras"],
            "numpy": probed["numpy"],
            "tf_built_with_cuda": probed["tf_built_with_cuda"],
            "cuda_build": probed["cuda_build"],
            "cudnn_build": probed["cudnn_build"],
            "backend": probed["keras_backend"] if probed["keras_backend"] != "tensorflow" else None,
        },
        git_commit=commit,
        git_dirty=dirty,
        environment={k: os.environ[k] for k in PERFORMANCE_ENV if k in os.environ},
    )


def _run_script(path: Path, profile: str, extra_env: dict[str, str], timeout: int):
    """Run ``path`` in a fresh process in a scratch folder: (exit code, stdout,
    stderr, wall seconds, benchmark results or None). Exit code None: timed out."""
    with tempfile.TemporaryDirectory(prefix="hwguide-capture-") as scratch:
        results_file = Path(scratch) / "results.json"
        env = quiet_environ() | {"BENCH_PROFILE": profile, "PYTHONUNBUFFERED": "1"} | extra_env
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
                timeout=timeout,
            )
            code, out, err = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as expired:
            partial = expired.stdout or ""
            code, out = None, partial.decode() if isinstance(partial, bytes) else partial
            err = f"timed out after {timeout} s"
        wall = time.perf_counter() - start
        results = (
            json.loads(results_file.read_text()) if code == 0 and results_file.exists() else None
        )
    return code, out, err, wall, results


def failure_reason(path: Path, code: int | None, stderr: str, timeout: int) -> str | None:
    """Why a run counts as failed, in one line; None if it did what it should."""
    if code is None:
        return f"timed out after {timeout} s"
    if expects_error(path):
        return None if code != 0 else "exited 0, but it is marked `# expect: error`"
    if code == 0:
        return None
    last = [line for line in stderr.splitlines() if line.strip()]
    return f"exit status {code}: {last[-1].strip()}" if last else f"exit status {code}"


def warn_if_disturbed(benchmarks: dict[str, BenchmarkRun], session_key: str) -> list[str]:
    """Name the benchmarks of this session that other work disturbed, and how to
    re-run them. Their records are kept (the pages mark such results), but a
    figure timed while other programs used the CPUs reads low."""
    lines, snippets = [], []
    for bench in benchmarks.values():
        if bench.session != session_key:
            continue
        loads = [m.load for m in bench.results if m.load and m.load.busy]
        if loads:
            most = max(load.other_cpus for load in loads)
            lines.append(
                f"  {bench.snippet}: {len(loads)} of {len(bench.results)} cases "
                f"(up to {most:.2f} CPUs busy with other work)"
            )
            snippets.append(bench.snippet)
    if lines:
        print(
            f"warning: other work kept more than {BUSY} CPUs busy while these were timed, "
            "so their figures read low (the pages mark them †):\n"
            + "\n".join(lines)
            + "\nStop the other work (a build, a test run, a browser) and re-run them: "
            f"make capture ONLY='{' '.join(snippets)}'",
            file=sys.stderr,
        )
    return snippets


def run_one(path: Path, session_key: str, session: Session, kind: str):
    """Run one snippet in a fresh process; return its record and benchmark results."""
    stamp = {"session": session_key, "captured_at": _now()}
    reason = skip_reason(path, kind)
    if reason:
        record = SnippetRun(
            source_hash=snippet_hash(path),
            exit_code=None,
            wall_s=None,
            stdout="",
            stderr="",
            skipped=reason,
            **stamp,
        )
        return record, None
    timeout = TIMEOUT_S[session.profile]
    code, out, err, wall, results = _run_script(path, session.profile, {}, timeout)
    err = strip_noise(err)
    record = SnippetRun(
        source_hash=snippet_hash(path),
        exit_code=-9 if code is None else code,
        wall_s=round(wall, 3),
        stdout=_private(out),
        stderr=_private(err),
        failure=failure_reason(path, code, err, timeout),
        **stamp,
    )
    return record, results


def onednn_kernels(path: Path) -> list[str]:
    """The oneDNN kernels the benchmark runs, from a smoke-size run with oneDNN's log on."""
    code, out, _, _, _ = _run_script(path, "smoke", onednn.VERBOSE_ENV, TIMEOUT_S["smoke"])
    return onednn.kernels(out) if code == 0 else []


def select(only: list[str] | None) -> list[Path]:
    files = snippet_files()
    if not only:
        return files
    chosen = [p for p in files if any(relative(p).startswith(o.rstrip("/")) for o in only)]
    if not chosen and not any(o.startswith("notebooks") for o in only):
        raise SystemExit(f"--only {' '.join(only)} matches no snippet (paths start with snippets/)")
    return chosen


def previous_capture(path: Path, partial: bool) -> Capture | None:
    """The runner's existing file, if any. An unreadable one stops a partial
    capture (it would lose the other records) and is replaced by a full one."""
    if not path.exists():
        return None
    try:
        return store.load(path)
    except store.CaptureError as error:
        if partial:
            raise SystemExit(
                f"{error}\nA capture with --only/ONLY keeps the file's other records, so it "
                "cannot start from an unreadable file: run a full capture (without ONLY) to "
                "replace it, or restore it from git first."
            ) from None
        print(f"note: replacing an unreadable capture file: {error}", file=sys.stderr)
        return None


def check_same_machine(path: Path, previous: Capture, machine: Machine) -> None:
    was, now = previous.machine.fingerprint(), machine.fingerprint()
    differences = [
        f"{key}: {was[key]!r} there, {now[key]!r} here" for key in was if was[key] != now[key]
    ]
    if differences:
        suggestion = runner_name(machine)
        if suggestion == path.stem:
            suggestion += "-2"
        raise SystemExit(
            f"{relative(path)} describes another machine than this one:\n  "
            + "\n  ".join(differences)
            + f"\nA runner file holds one machine. Capture this one as a runner of its own: "
            f"make capture RUNNER={suggestion}"
        )


def capture(
    runner: str | None,
    profile: str,
    only: list[str] | None,
    argv: list[str],
    out: Path | None = None,
) -> Path:
    """Capture into ``out`` (default: the repository's ``captures/``): ``<runner>.json``
    and the executed notebooks in ``notebooks/<runner>/``."""
    targets = select(only)
    probed = probe()
    machine = machine_of(probed)
    runner = runner or runner_name(machine)
    folder = CAPTURES if out is None else Path(out)
    path = folder / f"{runner}.json"
    previous = previous_capture(path, partial=bool(only))
    if previous is not None:
        check_same_machine(path, previous, machine)
    session = session_of(probed, profile, argv)
    key = session.captured_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"capturing into {relative(path)} (runner {runner}, session {key})")
    snippets = dict(previous.snippets) if previous else {}
    benchmarks = dict(previous.benchmarks) if previous else {}

    plain = [p for p in targets if not is_benchmark(p)]
    timed = [p for p in targets if is_benchmark(p)]
    failures: dict[str, str] = {}
    interrupted = False
    try:
        for group, label in ((plain, "snippets"), (timed, "benchmarks")):
            bar = tqdm(group, desc=label, unit=label[:-1], dynamic_ncols=True)
            for snippet in bar:
                bar.set_postfix_str(relative(snippet))
                record, results = run_one(snippet, key, session, machine.kind)
                snippets[relative(snippet)] = record
                if record.failure:
                    failures[relative(snippet)] = record.failure
                if results is not None:
                    benchmarks[results["benchmark"]] = BenchmarkRun(
                        session=key,
                        captured_at=record.captured_at,
                        snippet=relative(snippet),
                        source_hash=record.source_hash,
                        benchmark_version=results["benchmark_version"],
                        results=results["results"],
                        onednn_kernels=onednn_kernels(snippet),
                    )
    except KeyboardInterrupt:
        interrupted = True

    current = {relative(p) for p in snippet_files()}
    snippets = {k: v for k, v in sorted(snippets.items()) if k in current}
    benchmarks = {k: v for k, v in sorted(benchmarks.items()) if v.snippet in current}
    sessions = dict(previous.sessions) if previous else {}
    sessions[key] = session
    used = {r.session for r in [*snippets.values(), *benchmarks.values()]}
    result = Capture(
        schema_version=SCHEMA_VERSION,
        runner=runner,
        machine=machine,
        sessions={k: v for k, v in sorted(sessions.items()) if k in used},
        snippets=snippets,
        benchmarks=benchmarks,
    )
    store.write_atomic(path, result)
    print(f"wrote {relative(path)}: {len(snippets)} snippets, {len(benchmarks)} benchmarks")
    warn_if_disturbed(benchmarks, key)
    if interrupted:
        done = sum(1 for r in snippets.values() if r.session == key)
        raise SystemExit(
            f"interrupted: kept the {done} records that had finished in {relative(path)}; "
            "the others keep their earlier records. Re-run the rest with ONLY=..."
        )

    from . import notebooks

    chosen = [
        n
        for n in notebooks.sources()
        if not only or any(relative(n).startswith(o.rstrip("/")) for o in only)
    ]
    for source in tqdm(chosen, desc="notebooks", unit="notebook", dynamic_ncols=True):
        try:
            written = notebooks.capture(
                source, runner, session, profile, folder=folder / "notebooks"
            )
        except KeyboardInterrupt:
            raise SystemExit(
                f"interrupted while running {relative(source)}; its earlier capture is kept"
            ) from None
        except Exception as error:  # noqa: BLE001 - reported with the others below
            failures[relative(source)] = f"{type(error).__name__}: {str(error).strip()[-300:]}"
        else:
            print(f"wrote {relative(written)}")
    if failures:
        raise CaptureFailed(
            f"{len(failures)} failed (their output is recorded in {relative(path)}):\n  "
            + "\n  ".join(f"{name}: {reason}" for name, reason in failures.items())
            + "\nFix them and re-run: make capture "
            + f"RUNNER={runner} ONLY='{' '.join(failures)}'"
        )
    return path
