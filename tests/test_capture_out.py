"""``python -m hwguide capture --out DIR``: the runner file and the executed notebooks go
to DIR, never to the repository's captures/, with the same rules as there. Throwaway
snippets and a fixed machine description, as in tests/test_capture_command.py."""

from __future__ import annotations

import json
import os

import pytest

from hwguide import __main__ as cli
from hwguide.capture import notebooks, run, store
from tests.test_capture_command import probed


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """One snippet and one tiny notebook in tmp_path; the default captures folder is
    tmp_path/captures (which must stay empty). Returns (captures folder, notebook)."""
    snippet = tmp_path / "snippets" / "t" / "a.py"
    snippet.parent.mkdir(parents=True)
    snippet.write_text("print('a')\n", encoding="utf-8")
    notebook = tmp_path / "notebooks" / "lab.py"
    notebook.parent.mkdir()
    notebook.write_text("# %%\nprint('lab ran')\n", encoding="utf-8")
    captures = tmp_path / "captures"
    monkeypatch.setattr(run, "CAPTURES", captures)
    monkeypatch.setattr(run, "probe", lambda: probed())
    monkeypatch.setattr(run, "snippet_files", lambda: [snippet])
    monkeypatch.setattr(run, "select", lambda _: [snippet])
    monkeypatch.setattr(run, "relative", lambda p: f"snippets/t/{p.name}")
    monkeypatch.setattr(notebooks, "sources", lambda: [notebook])
    return captures, notebook


def test_out_receives_the_runner_file_and_the_notebooks(workspace, tmp_path):
    captures, _ = workspace
    out = tmp_path / "elsewhere"
    argv = ["capture", "--runner", "cpu-test", "--profile", "smoke", "--out", str(out)]
    assert cli.main(argv) == 0
    capture = store.load(out / "cpu-test.json")
    assert capture.snippets["snippets/t/a.py"].stdout == "a\n"
    [session] = capture.sessions.values()
    assert session.command == ["python", "-m", "hwguide", *map(run._private, argv)]
    executed = out / "notebooks" / "cpu-test" / "lab.ipynb"
    meta = json.loads(executed.read_text(encoding="utf-8"))["metadata"]["hwguide"]
    assert meta["runner"] == "cpu-test" and "lab ran" in executed.read_text(encoding="utf-8")
    assert notebooks.session_of(meta, executed) == session  # sealed, the same session
    assert not captures.exists(), "--out wrote into the default captures folder"


def test_a_home_directory_in_out_is_not_recorded(workspace, monkeypatch, tmp_path):
    monkeypatch.setattr(notebooks, "sources", lambda: [])
    home = os.path.expanduser("~")
    if home in ("/", ""):
        pytest.skip("no home directory here")
    out = tmp_path / "elsewhere"
    argv = ["capture", "--runner", "cpu-test", "--out", f"{home}/captures-of-mine"]
    run.capture("cpu-test", "quick", None, argv, out=out)
    [session] = store.load(out / "cpu-test.json").sessions.values()
    assert session.command[-1] == "~/captures-of-mine"


def test_out_keeps_the_one_machine_rule(workspace, monkeypatch, tmp_path):
    monkeypatch.setattr(notebooks, "sources", lambda: [])
    out = tmp_path / "elsewhere"
    run.capture("cpu-test", "quick", None, [], out=out)
    before = (out / "cpu-test.json").read_bytes()
    monkeypatch.setattr(run, "probe", lambda: probed("Other CPU", simd=("avx512f",)))
    with pytest.raises(SystemExit, match="cpu-test.json describes another machine"):
        run.capture("cpu-test", "quick", None, [], out=out)
    assert (out / "cpu-test.json").read_bytes() == before


def test_without_out_the_default_captures_folder_is_used(workspace):
    captures, _ = workspace
    run.capture("cpu-test", "quick", None, [])  # the tiny notebook runs too
    assert store.load(captures / "cpu-test.json").runner == "cpu-test"
    assert (captures / "notebooks" / "cpu-test" / "lab.ipynb").exists()
