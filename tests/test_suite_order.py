"""The suite's own scheduling list (hwguide.testing.schedule) stays true to the tree."""

from __future__ import annotations

import pytest

from hwguide.paths import ROOT
from hwguide.testing.schedule import LONGEST_FIRST


@pytest.mark.static
def test_longest_first_names_existing_test_files_once():
    missing = [path for path in LONGEST_FIRST if not (ROOT / path).is_file()]
    assert not missing, f"LONGEST_FIRST (testing/schedule.py) names missing files: {missing}"
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST), "a file is listed twice"


@pytest.mark.static
def test_make_test_keeps_the_collection_order():
    """xdist reorders files by test count unless told not to: the list would not count."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest: ", 1)[1].split("\n\n", 1)[0]
    assert "--dist loadfile" in recipe and "--no-loadscope-reorder" in recipe, recipe
