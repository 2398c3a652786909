"""The "bring your own machine" notebook (notebooks/capture_your_machine.py) runs here
on the CPU at smoke size, without network, and leaves a valid capture of this machine
in the folder it is given, never in the repository's captures/."""

from __future__ import annotations

import json
import os
import time

import pytest

from hwguide.capture import notebooks, probe, store
from hwguide.capture.naming import runner_name
from hwguide.capture.schema import Machine
from hwguide.paths import CAPTURES, relative

SOURCE = notebooks.NOTEBOOKS / "capture_your_machine.py"
#: Two snippets that need no TensorFlow: the notebook's own cells, the probe and the
#: capture's bookkeeping are what is tested, not the suite.
ONLY = ["snippets/asic/memory_fit.py", "snippets/hardware/arithmetic_intensity.py"]


def _snapshot(folder):
    return {relative(p): p.stat().st_mtime_ns for p in folder.rglob("*")}


def _text(executed) -> str:
    return "".join(
        output.get("text", "")
        for cell in executed.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )


def test_the_notebook_captures_this_machine_into_the_folder_it_is_given(tmp_path, monkeypatch):
    out = tmp_path / "my capture"
    monkeypatch.setenv("CAPTURE_PROFILE", "smoke")
    monkeypatch.setenv("CAPTURE_ONLY", " ".join(ONLY))
    monkeypatch.setenv("CAPTURE_OUT", str(out))
    monkeypatch.delenv("CAPTURE_RUNNER", raising=False)
    before = _snapshot(CAPTURES)

    start = time.perf_counter()
    executed = notebooks.execute(SOURCE, size="small", timeout=120)  # a failing cell raises
    elapsed = time.perf_counter() - start

    text = _text(executed)
    assert "nothing to install" in text and "git clone" not in text  # no network
    assert "Runtime: CPU" in text or "Runtime: GPU" in text  # it says what it found
    [path] = out.glob("*.json")
    capture = store.load(path)  # the capture schema (pydantic), and every digest
    import jsonschema  # and the JSON Schema the site publishes

    jsonschema.validate(json.loads(path.read_text()), json.loads(store.json_schema()))
    # This machine's runner: the derived name, and the hardware this process sees.
    here = Machine(kind=capture.machine.kind, cpu=probe.cpu(), gpus=probe.gpus_from_nvidia_smi())
    assert capture.machine.fingerprint() == here.fingerprint()
    assert capture.runner == path.stem == runner_name(capture.machine)
    assert capture.machine.cpu.logical_cpus == os.cpu_count()
    # The records it was asked to run, run here and now, successfully.
    assert sorted(capture.snippets) == sorted(ONLY)
    [(key, session)] = capture.sessions.items()
    assert session.profile == "smoke" and "--out" in session.command
    for name, record in capture.snippets.items():
        assert record.session == key and record.exit_code == 0 and record.failure is None, name
        assert record.stdout.strip(), name
    assert f"this run: {len(ONLY)} snippets (0 failed, 0 skipped)" in text
    assert f"capture file: {path}" in text  # outside Colab: where the file is
    assert not (out / "notebooks").exists()  # --only left the lab out
    assert _snapshot(CAPTURES) == before, "the notebook wrote into the repository's captures/"
    assert elapsed < 60, f"the notebook took {elapsed:.0f} s at smoke size"


def test_the_committed_colab_copy_has_the_same_cells_as_the_source():
    copy = notebooks.colab_copy(SOURCE)
    assert copy.exists(), f"run: jupytext --to ipynb {relative(SOURCE)}"
    import jupytext

    def cells(notebook):
        return [(c.cell_type, c.source) for c in notebook.cells]

    assert cells(jupytext.read(copy)) == cells(notebooks.read(SOURCE)), (
        f"{relative(copy)} (what Colab opens) differs from {relative(SOURCE)}: "
        f"run `jupytext --to ipynb {relative(SOURCE)}` and commit both"
    )


def test_the_download_names_the_repository_when_the_build_knows_it():
    import nbformat

    def settings(text):
        notebook = nbformat.reads(text, as_version=4)
        return [c.source for c in notebook.cells if "REPOSITORY = " in c.source][0]

    assert 'REPOSITORY = ""' in settings(notebooks.download(SOURCE))
    assert 'REPOSITORY = "octo/hw-site"  #' in settings(notebooks.download(SOURCE, "octo/hw-site"))


def test_tool_notebooks_are_neither_captured_nor_lab_pages():
    assert SOURCE in notebooks.tools()
    assert SOURCE not in notebooks.sources()


@pytest.mark.parametrize("source", notebooks.tools(), ids=relative)
def test_a_tool_notebook_without_the_repository_line_is_refused_by_name(source, tmp_path):
    broken = tmp_path / source.name
    broken.write_text(source.read_text().replace(notebooks.REPOSITORY_LINE, "REPO = ''"))
    with pytest.raises(ValueError, match="needs exactly one code cell with the line"):
        notebooks.download(broken, "octo/hw-site")


def _run_setup_cells(text: str, monkeypatch, tmp_path) -> tuple[dict, list[list[str]]]:
    """Run the notebook's cells up to its install cell, in this process, as if hwguide
    were not installed; commands are recorded, not run (no network)."""
    import importlib.util
    import subprocess

    import nbformat

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "hwguide" else real(name, *a)
    )
    commands = []

    class Recorded:
        def __init__(self, command, **_):
            commands.append(command)
            self.stdout = []

        def wait(self):
            return 0

    monkeypatch.setattr(subprocess, "Popen", Recorded)
    monkeypatch.chdir(tmp_path)
    cells = [c.source for c in nbformat.reads(text, as_version=4).cells if c.cell_type == "code"]
    namespace: dict = {}
    for source in cells:
        exec(compile(source, "<cell>", "exec"), namespace)  # the notebook's own cells
        if "PROJECT" in namespace:
            break
    return namespace, commands


def test_without_the_tooling_and_repository_it_asks_for_the_repository(monkeypatch, tmp_path):
    with pytest.raises(RuntimeError, match="set it in the settings cell to this site's GitHub"):
        _run_setup_cells(notebooks.download(SOURCE), monkeypatch, tmp_path)


def test_without_the_tooling_it_clones_the_repository_and_installs_the_extras(
    monkeypatch, tmp_path
):
    namespace, commands = _run_setup_cells(
        notebooks.download(SOURCE, "octo/hw-site"), monkeypatch, tmp_path
    )
    clone = ["git", "clone", "--depth", "1", "https://github.com/octo/hw-site.git"]
    assert commands[0] == [*clone, str(tmp_path / "hw-site")]
    extra = "gpu" if namespace["RUNTIME"] == "GPU" else "cpu"
    assert commands[-1][-1] == f"{tmp_path / 'hw-site'}[docs,test,{extra}]"
    assert namespace["PROJECT"] == tmp_path / "hw-site"
