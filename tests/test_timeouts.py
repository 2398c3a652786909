"""A block that never ends fails its test, at its page and line, instead of
hanging the run; one in a fresh interpreter takes its child process with it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from hwguide.paths import ROOT
from hwguide.testing.docs import DEFAULT_TIME_LIMIT, parse_page
from hwguide.testing.fresh import FreshInterpreter
from hwguide.tfenv import quiet_environ
from tests.conftest import copy_repo

LIMIT = 3  # seconds, for the looping blocks (each spins a core that long)


LOOPING = "# Loops\n\n```python\nx = 1\n```\n\n```python\nwhile True:\n    x += 1\n```\n"


def isolated_looping(pid_file: Path) -> str:
    return (
        "# Devices\n\n```python\nimport os\nfrom pathlib import Path\n\n\n"
        # Stands in for tf.config.set_visible_devices, which isolates the page: the
        # child then needs no TensorFlow, whose import would eat the time limit.
        "def set_visible_devices(devices, device_type):\n    pass\n\n\n"
        'set_visible_devices([], "GPU")\n```\n\n'
        f'```python\nPath(r"{pid_file}").write_text(str(os.getpid()))\n'
        "while True:\n    pass\n```\n"
    )


@pytest.fixture(scope="module")
def timed_out(tmp_path_factory):
    """Both looping pages, added to one copy of the repository and run by one
    pytest, as `make test` does, with ``--timeout LIMIT``. Neither page uses
    HAS_GPU, so the child never imports TensorFlow. Returns (pages, output,
    seconds, pid file)."""
    tmp_path = tmp_path_factory.mktemp("timeouts")
    pid_file = tmp_path / "child.pid"
    copy = copy_repo(tmp_path / "repo")
    pages = {"plain": "docs/scratch-loop.md", "fresh": "docs/scratch-loop-fresh.md"}
    texts = {"plain": LOOPING, "fresh": isolated_looping(pid_file)}
    for kind, page in pages.items():
        (copy / page).write_text(texts[kind], encoding="utf-8")
    # The looping pages need no TensorFlow in their fresh interpreters: no preload.
    env = quiet_environ() | {"PYTHONPATH": str(copy / "src"), "HWGUIDE_FRESH_PRELOAD": "0"}
    env.pop("PYTEST_TIMEOUT", None)
    command = [
        *(sys.executable, "-m", "pytest", *pages.values(), "-p", "no:cacheprovider"),
        *("--timeout", str(LIMIT)),
        # Time only the blocks, not the setup that starts a page's interpreter.
        *("-o", "timeout_func_only=true"),
    ]
    start = time.monotonic()
    result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=180)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "2 failed, 2 passed" in output, output
    return pages, texts, output, time.monotonic() - start, pid_file


def line_of(text: str, marker: str) -> int:
    """The line of the fence that opens the block containing ``marker``."""
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if marker in line)
    return max(i for i in range(index) if lines[i].startswith("```")) + 1


def test_a_block_that_never_ends_fails_at_its_page_and_line(timed_out):
    pages, texts, output, seconds, _ = timed_out
    where, fence = pages["plain"], line_of(texts["plain"], "while True")
    assert f"{where}::sybil:docs,line:{fence},column:1" in output, output  # the test's name
    assert f"{where}:{fence + 1}: " in output, output  # the traceback, at the loop
    assert f"Timeout (>{LIMIT:.1f}s) from pytest-timeout" in output, output
    assert seconds < 90


def test_a_block_in_a_fresh_interpreter_is_stopped_and_its_process_killed(timed_out, page):
    pages, texts, output, seconds, pid_file = timed_out
    assert parse_page(page(texts["fresh"])).isolating == ["set_visible_devices"]
    where, line = pages["fresh"], line_of(texts["fresh"], "while True")
    assert (
        f"{where}:{line}: this block ran for more than {LIMIT} s and was stopped "
        "(the limit is pytest's --timeout)"
    ) in output, output
    assert not running(int(pid_file.read_text())), "the fresh interpreter outlived its test"


def test_a_fresh_interpreter_over_its_limit_is_killed():
    """Without pytest-timeout (a page run by run_page) the wait has its own limit."""
    fresh = FreshInterpreter("test")
    try:
        assert fresh.exec("x = 1", "block.py", limit=60) is None
        start = time.monotonic()
        with pytest.raises(TimeoutError):
            fresh.exec("while True:\n    x += 1", "block.py", limit=1)
        assert time.monotonic() - start < 30
        assert not fresh._process.is_alive()
        with pytest.raises(RuntimeError, match="fresh interpreter is gone"):
            fresh.exec("x", "block.py", limit=60)
    finally:
        fresh.close()


def test_pyproject_sets_a_default_limit_of_at_most_300_seconds():
    with (ROOT / "pyproject.toml").open("rb") as file:
        options = tomllib.load(file)["tool"]["pytest"]["ini_options"]
    assert 0 < float(options["timeout"]) <= 300
    assert float(options["timeout"]) == DEFAULT_TIME_LIMIT


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
