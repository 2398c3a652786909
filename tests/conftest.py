"""Fixtures shared by the tooling tests."""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hwguide.paths import ROOT
from hwguide.tfenv import quiet_environ


@pytest.fixture(scope="session")
def site_build(request, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """The real site, built once per test run with --strict. Under pytest-xdist the
    workers share one build (the first to ask builds it, under a file lock)."""
    if not hasattr(request.config, "workerinput"):  # no xdist: this process only
        return _build_site(tmp_path_factory.mktemp("site"))
    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker
    with (shared / "site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = shared / "site.json"
        if not record.exists():
            result, out = _build_site(shared / "site")
            fields = {"returncode": result.returncode, "stdout": result.stdout}
            record.write_text(json.dumps(fields | {"stderr": result.stderr}), encoding="utf-8")
        fields = json.loads(record.read_text(encoding="utf-8"))
    result = subprocess.CompletedProcess(["mkdocs", "build"], **fields)
    return result, shared / "site"


def _build_site(out: Path) -> tuple[subprocess.CompletedProcess, Path]:
    env = quiet_environ() | {"NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return result, out


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    """The built site. If the strict build failed, tests that look at the site are
    skipped: tests/test_site.py::test_the_strict_build_passes reports the failure
    once, with the build's own messages (page and line), instead of every test."""
    result, out = site_build
    if result.returncode != 0:
        pytest.skip("the strict site build failed: see test_the_strict_build_passes")
    return out


def copy_repo(destination: Path) -> Path:
    """A working copy of the repository without what git ignores (environments,
    build output, node_modules: hundreds of MB on a contributor's machine)."""
    ignored = [".git"]
    for line in (ROOT / ".gitignore").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            ignored.append(line.strip().strip("/"))  # names: the patterns here are names
    ignore = shutil.ignore_patterns(*ignored)
    shutil.copytree(ROOT, destination, ignore=ignore)
    return destination


def build_broken_copy(folder: Path, mutate) -> subprocess.CompletedProcess:
    """Copy the repository into ``folder``, let ``mutate(root)`` break the copy,
    build it --strict with the copy's own tooling package (PYTHONPATH)."""
    copy = copy_repo(folder / "repo")
    mutate(copy)
    env = quiet_environ() | {"PYTHONPATH": str(copy / "src"), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(folder / "out")],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def build_copy(tmp_path):
    """``build(mutate) -> CompletedProcess``: see build_broken_copy."""
    return lambda mutate: build_broken_copy(tmp_path, mutate)


@pytest.fixture
def page(tmp_path):
    """Write a throwaway Markdown page and return its path. Includes in it resolve
    against the repository root, exactly like real pages."""

    def write(text: str, name: str = "page.md") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def snippet(tmp_path):
    """Write a throwaway snippet; pages include it as "snippets/scratch/<name>".

    The scratch folder is added to pymdownx's base paths for the test only, so
    nothing is written into the repository.
    """
    from hwguide import snippets

    base = tmp_path / "scratch-root"
    folder = base / "snippets" / "scratch"
    folder.mkdir(parents=True)
    saved = dict(snippets._snippet_options())
    snippets.use_options(saved | {"base_path": [str(ROOT), str(base)]})

    def write(text: str, name: str = "scratch.py") -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    yield write
    snippets.use_options(saved)


def run_page(path: Path) -> list[tuple[int, str, str]]:
    """Evaluate a page as the test run does; return (line, outcome, message) per block."""
    import unittest

    from sybil.example import NotEvaluated

    from hwguide.testing.docs import parse_page, setup, teardown

    document = parse_page(path)
    setup(document.namespace)
    results = []
    try:
        for example in document.examples():
            try:
                failure = example.evaluate()
            except NotEvaluated:
                continue
            except unittest.SkipTest as skip:
                results.append((example.line, "skipped", str(skip)))
            except Exception as error:  # noqa: BLE001 - we report every failure
                results.append((example.line, "failed", f"{type(error).__name__}: {error}"))
            else:
                if failure:
                    results.append((example.line, "failed", str(failure)))
                elif (
                    example.region.evaluator is not None
                    and "Skipper" not in type(example.region.evaluator).__name__
                ):
                    results.append((example.line, "passed", ""))
    finally:
        teardown(document.namespace)
    return results
