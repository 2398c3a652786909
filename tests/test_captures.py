"""Captures: valid, fresh for CPU runners, written atomically, rendered by the build."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hwguide.capture import store
from hwguide.capture.run import is_benchmark, snippet_hash
from hwguide.capture.schema import Capture
from hwguide.paths import CAPTURES, relative
from hwguide.snippets import snippet_files
from hwguide.tfenv import quiet_environ
from tests.conftest import copy_repo

CAPTURE_FILES = sorted(CAPTURES.glob("*.json"))
CPU_CAPTURES = [
    p for p in CAPTURE_FILES if json.loads(p.read_text())["provenance"]["kind"] == "cpu"
]


def test_there_is_a_cpu_capture():
    assert CPU_CAPTURES, "no CPU capture in captures/: run `make capture RUNNER=cpu-2core`"


@pytest.mark.parametrize("path", CAPTURE_FILES, ids=lambda p: p.name)
def test_capture_validates_and_carries_provenance(path):
    capture = store.load(path)
    p = capture.provenance
    assert p.runner == path.stem
    assert p.cpu.logical_cpus >= 1 and p.versions.tensorflow and p.versions.python
    assert p.git_commit and p.captured_at.tzinfo is not None
    text = path.read_text()
    assert "/home/" not in text and "/root/" not in text, "captures must not hold private paths"


@pytest.mark.parametrize("path", CPU_CAPTURES, ids=lambda p: p.name)
def test_cpu_capture_is_fresh_and_complete(path):
    """A stale CPU capture fails: anyone can refresh it with one command."""
    capture = store.load(path)
    runner = capture.provenance.runner
    problems = []
    for snippet in snippet_files():
        rel = relative(snippet)
        run = capture.snippets.get(rel)
        if run is None:
            problems.append(f"{rel}: not captured")
        elif run.source_hash != snippet_hash(snippet):
            problems.append(f"{rel}: changed since it was captured")
        elif run.skipped is None and run.exit_code != 0:
            problems.append(f"{rel}: exited with {run.exit_code} when captured")
    stale = sorted({p.split(":")[0] for p in problems})
    assert not problems, (
        f"{relative(path)} is out of date:\n  "
        + "\n  ".join(problems)
        + f"\nRefresh it with: make capture RUNNER={runner} ONLY='{' '.join(stale)}'"
    )


@pytest.mark.parametrize("path", CPU_CAPTURES, ids=lambda p: p.name)
def test_every_benchmark_was_measured(path):
    capture = store.load(path)
    names = {run.snippet for run in capture.benchmarks.values()}
    expected = {relative(p) for p in snippet_files() if is_benchmark(p)}
    assert names == expected


def _valid_capture() -> dict:
    return json.loads(CAPTURE_FILES[0].read_text())


@pytest.mark.parametrize(
    ("corrupt", "expected"),
    [
        (lambda text: text[: len(text) // 2], r"not valid JSON"),
        (
            lambda text: text.replace('"logical_cpus"', '"logical_cpu_count"'),
            r"provenance\.cpu\.logical_cpus",
        ),
        (lambda text: text.replace('"exit_code": 0', '"exit_code": "zero"', 1), r"exit_code"),
    ],
    ids=["truncated", "missing-field", "wrong-type"],
)
def test_a_corrupt_capture_is_reported_with_file_and_field(tmp_path, corrupt, expected):
    path = tmp_path / "cpu-x.json"
    path.write_text(corrupt(CAPTURE_FILES[0].read_text()))
    with pytest.raises(store.CaptureError, match=expected) as error:
        store.load(path)
    assert "cpu-x.json" in str(error.value)


def test_an_interrupted_write_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "runner.json"
    capture = Capture.model_validate(_valid_capture())
    store.write_atomic(path, capture)
    before = path.read_bytes()

    def crash(*_args, **_kwargs):
        raise KeyboardInterrupt  # as if the run were stopped mid-write

    monkeypatch.setattr("os.fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        store.write_atomic(path, capture.model_copy(update={"snippets": {}}))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["runner.json"], "no temporary files left"


def test_killing_a_capture_leaves_the_previous_file_intact(tmp_path):
    """Start a real capture into a copy of the repo, kill it mid-run, compare."""
    copy = copy_repo(tmp_path / "repo")
    target = copy / "captures" / CAPTURE_FILES[0].name
    before = target.read_bytes()
    command = [
        "capture",
        "--runner",
        target.stem,
        "--profile",
        "smoke",
        "--only",
        "snippets/devices",
    ]
    process = subprocess.Popen(
        [sys.executable, "-m", "hwguide", *command],
        cwd=copy,
        env=quiet_environ() | {"PYTHONPATH": str(copy / "src")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        process.wait(timeout=6)  # long enough to be mid-way through the snippets
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    assert target.read_bytes() == before or json.loads(target.read_text())  # intact, or complete
    assert not list(target.parent.glob(".*.tmp"))


def test_the_site_shows_outputs_and_benchmarks(built_site):
    devices = (built_site / "tensorflow" / "devices" / "index.html").read_text()
    assert 'class="admonition output"' in devices
    assert "logical CPU devices" in devices  # captured stdout of split_cpu.py
    results = (built_site / "benchmarks" / "index.html").read_text()
    assert "<svg" in results and "GFLOP/s" in results
    for path in CAPTURE_FILES:
        assert (built_site / "captures" / path.name).read_bytes() == path.read_bytes()


def test_a_corrupt_capture_fails_the_build(build_copy):
    name = CAPTURE_FILES[0].name

    def corrupt(root):
        broken = root / "captures" / name
        broken.write_text(broken.read_text().replace('"kind": "cpu"', '"kind": "abacus"'))

    result = build_copy(corrupt)
    assert result.returncode != 0
    assert f"captures/{name}" in result.stdout + result.stderr
    assert "provenance.kind" in result.stdout + result.stderr
