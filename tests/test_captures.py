"""Captures: valid, fresh for CPU runners, written atomically, rendered by the build."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from hwguide.capture import store
from hwguide.capture.run import is_benchmark, snippet_hash
from hwguide.capture.schema import Capture
from hwguide.paths import CAPTURES, ROOT, relative
from hwguide.render.outputs import is_stale
from hwguide.snippets import snippet_files
from hwguide.tfenv import quiet_environ
from tests.conftest import build_broken_copy, copy_repo

CAPTURE_FILES = sorted(CAPTURES.glob("*.json"))
CAPTURES_BY_RUNNER = store.load_all(CAPTURES)
CPU_RUNNERS = {r: c for r, c in CAPTURES_BY_RUNNER.items() if c.kind == "cpu"}


@pytest.mark.static
def test_there_is_a_cpu_capture():
    assert CPU_RUNNERS, "no CPU capture in captures/: run `make capture`"


@pytest.mark.static
@pytest.mark.parametrize("path", CAPTURE_FILES, ids=lambda p: p.name)
def test_capture_validates_and_carries_provenance(path):
    capture = store.load(path)  # also verifies every digest
    assert capture.runner == path.stem
    assert capture.machine.cpu.logical_cpus >= 1
    for session in capture.sessions.values():
        assert session.versions.tensorflow and session.versions.python
        assert session.git_commit and session.captured_at.tzinfo is not None
    text = path.read_text()
    assert "/home/" not in text and "/root/" not in text, "captures must not hold private paths"


def _fresh_and_ok(capture, snippet) -> bool:
    run = capture.snippets.get(relative(snippet))
    return (
        run is not None
        and not is_stale(relative(snippet), run, snippet_hash(snippet), capture.kind)
        and (run.skipped is not None or run.failure is None)
    )


@pytest.mark.static
@pytest.mark.parametrize("snippet", snippet_files(), ids=relative)
def test_snippet_has_a_fresh_record_on_a_cpu_runner(snippet):
    """The rule with several runners: no machine can refresh another machine's
    runner, so each snippet needs one fresh, successful record on *some* CPU
    runner; stale records of the others are marked stale on the page."""
    assert any(_fresh_and_ok(c, snippet) for c in CPU_RUNNERS.values()), (
        f"no CPU runner has a fresh, successful record of {relative(snippet)}. Capture it "
        f"on this machine: make capture ONLY={relative(snippet)} (the runner name is "
        "derived from the machine)"
    )


@pytest.mark.static
def test_every_benchmark_was_measured_fresh_on_some_cpu_runner():
    expected = {relative(p): snippet_hash(p) for p in snippet_files() if is_benchmark(p)}
    measured = {
        run.snippet
        for capture in CPU_RUNNERS.values()
        for run in capture.benchmarks.values()
        if expected.get(run.snippet) == run.source_hash
    }
    assert measured == set(expected), f"not measured fresh: {sorted(set(expected) - measured)}"


@pytest.mark.static
def test_no_cpu_runner_publishes_a_fresh_failed_record():
    failed = [
        f"captures/{runner}.json: {name}: {run.failure}"
        for runner, capture in CPU_RUNNERS.items()
        for name, run in capture.snippets.items()
        if run.failure and (ROOT / name).is_file() and run.source_hash == snippet_hash(ROOT / name)
    ]
    assert not failed, "\n".join(failed)


def _valid_capture() -> dict:
    return json.loads(CAPTURE_FILES[0].read_text())


@pytest.mark.parametrize(
    ("corrupt", "expected"),
    [
        (lambda text: text[: len(text) // 2], r"not valid JSON"),
        (
            lambda text: text.replace('"logical_cpus"', '"logical_cpu_count"'),
            r"machine\.cpu\.logical_cpus",
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


def test_an_atomic_write_gives_the_file_the_usual_mode(tmp_path):
    """Not mkstemp's private 0600: the site publishes a copy that a server must read."""
    mask = os.umask(0o022)
    try:
        store.atomic_text(tmp_path / "runner.json", "{}\n")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "runner.json").stat().st_mode) == 0o644


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
        broken.write_text(broken.read_text().replace('"kind": "cpu"', '"kind": "abacus"', 1))

    result = build_copy(corrupt)
    assert result.returncode != 0
    assert f"captures/{name}" in result.stdout + result.stderr
    assert "machine.kind" in result.stdout + result.stderr


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory) -> subprocess.CompletedProcess:
    """One strict build of a copy broken three ways at once (each full build costs
    seconds): a fresh failed CPU record, a broken link in docs/contributing.md and a
    ratio claim in docs/tensorflow/xla.md that a capture contradicts. The record is
    reported when the captures load, the link when its page is rendered, and the
    claim stops the build at its page, which MkDocs reaches after contributing.md
    (pages go in path order)."""
    capture = CAPTURES_BY_RUNNER[next(iter(CPU_RUNNERS))]
    name = next(n for n, r in capture.snippets.items() if r.skipped is None)

    def break_three_ways(root):
        record = capture.snippets[name].model_copy(
            update={"exit_code": 1, "failure": "exit status 1: RuntimeError: broken"}
        )
        broken = capture.model_copy(update={"snippets": capture.snippets | {name: record}})
        store.write_atomic(root / "captures" / f"{capture.runner}.json", broken)
        page = root / "docs" / "contributing.md"
        page.write_text(page.read_text() + "\n[broken](no-such-page.md)\n")
        page = root / "docs" / "tensorflow" / "xla.md"
        page.write_text(
            page.read_text().replace(
                "<!-- ratio: training mode=xla / mode=default -->",
                "<!-- ratio: training mode=xla / mode=default expect=faster -->",
            )
        )

    result = build_broken_copy(tmp_path_factory.mktemp("broken"), break_three_ways)
    result.failed_snippet = name
    assert result.returncode != 0, result.stdout + result.stderr
    return result


def test_a_fresh_failed_cpu_record_fails_the_build(broken_build):
    name = broken_build.failed_snippet
    assert f"{name} failed when captured (exit status 1: RuntimeError: broken)" in (
        broken_build.stderr
    )


def test_a_broken_internal_link_fails_the_strict_build(broken_build):
    lines = len((ROOT / "docs" / "contributing.md").read_text().splitlines())
    assert f"docs/contributing.md:{lines + 2}: Doc file" in broken_build.stderr
    assert "no-such-page.md" in broken_build.stderr


def test_a_claim_that_a_capture_contradicts_fails_the_build_at_its_line(broken_build):
    assert "docs/tensorflow/xla.md:21: <!-- ratio: training mode=xla" in broken_build.stderr
    assert "says faster, but `" in broken_build.stderr


@pytest.mark.static
def test_the_published_json_schema_accepts_every_capture_and_names_a_bad_field():
    import json

    import jsonschema

    schema = json.loads(store.json_schema())
    validator = jsonschema.Draft202012Validator(schema)
    for path in CAPTURE_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert not list(validator.iter_errors(data)), path.name
    data["machine"]["kind"] = "abacus"
    [error] = validator.iter_errors(data)
    assert list(error.absolute_path) == ["machine", "kind"]
