"""Every snippet runs on its own, is shown on a page, and sits where it should."""

from __future__ import annotations

import runpy
import subprocess
import sys

import pytest

from hwguide.capture.run import is_benchmark
from hwguide.paths import SNIPPETS, relative
from hwguide.snippets import expects_error, pages_including, requirements, snippet_files
from hwguide.testing import hardware
from hwguide.testing.isolation import isolating_calls
from hwguide.tfenv import quiet_environ

SNIPPETS_LIST = snippet_files()
FLAG = {"gpu": "HAS_GPU", "tpu": "HAS_TPU"}


def skip_unless_hardware(path):
    for need in sorted(requirements(path)):
        flag = FLAG.get(need)
        assert flag, f"{relative(path)}: unknown requirement {need!r} (use gpu or tpu)"
        if not hardware.detected()[flag]:
            if flag in hardware.required():
                pytest.fail(f"{relative(path)} needs a {need.upper()}, which this run requires")
            pytest.skip(f"{relative(path)} needs a {need.upper()}: TensorFlow sees none here")


#: Snippets that other tests already run on their own, as scripts, checking their output:
#: the benchmarks (tests/test_benchmarks.py) and the two-process launcher
#: (tests/test_tf_distributed.py). Running them here again would only cost time.
RUN_ELSEWHERE = {p for p in SNIPPETS_LIST if is_benchmark(p)} | {
    SNIPPETS / "distributed" / "launch_workers.py"
}


@pytest.mark.parametrize("path", [p for p in SNIPPETS_LIST if p not in RUN_ELSEWHERE], ids=relative)
def test_snippet_runs_on_its_own(path, tmp_path, monkeypatch, capsys):
    """As ``python snippets/<topic>/<name>.py`` would: from a clean namespace,
    with an unrelated working directory. Snippets that configure devices get a
    fresh interpreter (they cannot run in one TensorFlow has already started)."""
    skip_unless_hardware(path)
    monkeypatch.chdir(tmp_path)
    source = path.read_text(encoding="utf-8")
    if expects_error(path):  # it demonstrates a failure: it must fail
        result = subprocess.run(
            [sys.executable, str(path)], env=quiet_environ(), capture_output=True, timeout=600
        )
        assert result.returncode != 0, f"{relative(path)} is marked `# expect: error` but exited 0"
    elif isolating_calls(source):
        result = subprocess.run(
            [sys.executable, str(path)],
            env=quiet_environ(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, (
            f"{relative(path)} exited with {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    else:
        monkeypatch.syspath_prepend(str(path.parent))  # as `python path` would
        runpy.run_path(str(path), run_name="__main__")


@pytest.mark.static
@pytest.mark.parametrize("path", SNIPPETS_LIST, ids=relative)
def test_snippet_is_included_by_a_page(path):
    pages = pages_including(path)
    assert pages, (
        f"{relative(path)} is not included by any page in docs/. Include it with "
        f'--8<-- "{relative(path)}" inside a Python fence, or delete it.'
    )


@pytest.mark.static
@pytest.mark.parametrize("path", SNIPPETS_LIST, ids=relative)
def test_snippet_layout(path):
    rel = path.relative_to(SNIPPETS)
    assert len(rel.parts) == 2, f"{relative(path)}: snippets live at snippets/<topic>/<name>.py"
    first = path.read_text(encoding="utf-8").lstrip()
    assert first.startswith('"""'), f"{relative(path)}: start with a one-line docstring"


@pytest.mark.static
def test_there_are_snippets():
    assert len(SNIPPETS_LIST) >= 4
