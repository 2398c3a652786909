"""The lab notebook runs (small size, on CPU, under a minute) and its capture is fresh."""

from __future__ import annotations

import time

import pytest

from hwguide.capture import notebooks, store
from hwguide.paths import relative
from hwguide.snippets import source_hash

SOURCES = notebooks.sources()


@pytest.mark.parametrize("source", SOURCES, ids=relative)
def test_notebook_executes_without_errors(source):
    """Every cell runs in a real kernel; a failing cell raises (allow_errors=False)."""
    start = time.perf_counter()
    executed = notebooks.execute(source, size="small", timeout=300)
    elapsed = time.perf_counter() - start
    code_cells = [c for c in executed.cells if c.cell_type == "code"]
    assert code_cells and all(c.execution_count for c in code_cells)
    assert elapsed < 90, f"{relative(source)} took {elapsed:.0f} s with LAB_SIZE=small"


@pytest.mark.static
@pytest.mark.parametrize("source", SOURCES, ids=relative)
def test_notebook_capture_is_fresh(source):
    runs = notebooks.captured(source)
    assert runs, f"{relative(source)} has no capture: run make capture ONLY={relative(source)}"
    cpu = {r for r, c in store.load_all().items() if c.kind == "cpu"}
    fresh = [r for r, meta, _ in runs if r in cpu and meta["source_hash"] == source_hash(source)]
    assert fresh, (
        f"{relative(source)} changed since every CPU runner captured it: run "
        f"make capture ONLY={relative(source)} on a CPU machine"
    )
    for _, meta, path in runs:
        notebooks.session_of(meta, path)  # valid, and its digest matches


def test_there_is_a_lab_notebook():
    assert [relative(s) for s in SOURCES] == ["notebooks/gpu_training.py"]
