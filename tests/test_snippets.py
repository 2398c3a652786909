"""Every snippet is shown on a page, sits where it should and names known hardware."""

from __future__ import annotations

import pytest

from hwguide.paths import SNIPPETS, relative
from hwguide.snippets import pages_including, requirements, snippet_files

SNIPPETS_LIST = snippet_files()


# No test here runs a snippet by itself. Each one runs on the page that includes
# it (Sybil, in page order, in CI), and it ran on its own, as a reader would run
# it, in the capture that recorded its output: tests/test_captures.py requires a
# fresh (same source) and successful CPU record of every snippet, and ruff's F821
# keeps a snippet from using names it does not define. A third run here cost a
# minute of `make test` (15 snippets each start TensorFlow in a fresh process).


@pytest.mark.static
@pytest.mark.parametrize("path", SNIPPETS_LIST, ids=relative)
def test_snippet_requirements_are_known(path):
    unknown = requirements(path) - {"gpu", "tpu"}
    assert not unknown, (
        f"{relative(path)}: unknown requirement(s) {sorted(unknown)}: use gpu or tpu"
    )


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
