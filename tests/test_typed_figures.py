"""No hardware figure is typed on a page: each comes from the registry.

A page places ``<!-- fig: PART KEY -->`` (or a ``hardware:`` table) where a peak,
a bandwidth, a power or a device's memory goes; this test finds numbers with
such units typed in prose and tables, outside code. A number that is not a
hardware figure (a worked example's made-up chip, a model's size) says so on
its line with ``<!-- typed: REASON -->``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hwguide.paths import DOCS, relative
from hwguide.render.code_spans import prose_lines

pytestmark = pytest.mark.static

NUMBER = r"\d[\d,.]*(?:\s?[–-]\s?\d[\d,.]*)?\s?"
TYPED = re.compile(
    NUMBER + r"(?:[GTPE]FLOP/?s|[GTP]OPS\b|[KMGTP]i?B/s|GT/s|W\b|[GM]Hz\b)"
    r"|" + NUMBER + r"(?:[GT]B|GiB)\s+(?:of\s+)?(?:HBM|GDDR|LPDDR|DDR|SRAM|on-chip)"
)
CODE_SPAN = re.compile(r"`[^`]*`")
COMMENT = re.compile(r"<!--.*?-->")


def typed_figures(path: Path) -> list[str]:
    found = []
    for number, line in prose_lines(path.read_text(encoding="utf-8")):
        if "<!-- typed:" in line or line.startswith("[") and "]: http" in line:
            continue
        prose = COMMENT.sub("", CODE_SPAN.sub("", line))
        for match in TYPED.finditer(prose):
            found.append(f"{relative(path)}:{number}: {match.group(0).strip()!r}")
    return found


PAGES = sorted(DOCS.rglob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_no_hardware_figure_is_typed(page):
    found = typed_figures(page)
    assert not found, (
        "hardware figures typed on the page; put them in registry/*.yaml and place "
        "`<!-- fig: PART KEY -->` instead (or mark a non-hardware number with "
        "`<!-- typed: REASON -->` on its line):\n  " + "\n  ".join(found)
    )
