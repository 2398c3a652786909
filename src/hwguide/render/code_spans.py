"""Where a page's Markdown is code, so that placeholders shown as examples in
code (``<!-- fig: ... -->`` in backticks or in a fenced block) stay as typed."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
INLINE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.DOTALL)


def prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(1-based number, line) of every line outside fenced code blocks (fence lines
    excluded); inline code spans are left for the caller."""
    fence = None
    for number, line in enumerate(markdown.splitlines(), 1):
        opening = FENCE.match(line)
        if opening:
            marker = opening["fence"]
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is None:
            yield number, line


def code_ranges(markdown: str) -> list[tuple[int, int]]:
    """(start, end) offsets of fenced blocks and inline code spans, in order."""
    ranges, fence, offset, prose_start = [], None, 0, 0
    prose = []  # (start, end) of text outside fences
    for line in markdown.splitlines(keepends=True):
        match = FENCE.match(line)
        if match and fence is None:
            fence, fence_start = match["fence"], offset
            prose.append((prose_start, offset))
        elif (
            match
            and match["fence"][0] == fence[0]
            and len(match["fence"]) >= len(fence)
            and not line[match.end() :].strip()
        ):
            ranges.append((fence_start, offset + len(line)))
            fence, prose_start = None, offset + len(line)
        offset += len(line)
    if fence is None:
        prose.append((prose_start, offset))
    else:  # an unclosed fence runs to the end
        ranges.append((fence_start, offset))
    for start, end in prose:
        for span in INLINE.finditer(markdown, start, end):
            ranges.append(span.span())
    return sorted(ranges)


def sub_outside_code(pattern: re.Pattern, replace: Callable[[re.Match], str], markdown: str) -> str:
    """``pattern.sub(replace, markdown)``, leaving matches that start in code alone."""
    ranges = code_ranges(markdown)
    starts = [start for start, _ in ranges]

    def in_code(position: int) -> bool:
        index = bisect.bisect_right(starts, position) - 1
        return index >= 0 and position < ranges[index][1]

    return pattern.sub(lambda m: m.group(0) if in_code(m.start()) else replace(m), markdown)
