"""The order in which `make test` hands test files to its workers.

`make test` runs pytest-xdist with ``--dist loadfile`` (each file on one worker: a
page's blocks share a namespace) and ``--no-loadscope-reorder`` (files handed out in
collection order). Collection order puts the files that take longest first, so they
start at once and the many short files fill the gaps at the end, instead of one
long file starting last while the other worker idles.
"""

from __future__ import annotations

from hwguide.paths import relative

# Longest first: wall seconds per file in `make test` (three workers) on a 2-core
# machine, 2026-12-02. The first starts the shared site build (tests/conftest.py)
# while the second and third need no site.
# Re-measure when a file grows; tests/test_suite_order.py checks the names.
LONGEST_FIRST = [
    "tests/test_accessibility.py",
    "tests/test_benchmarks.py",
    "docs/tensorflow/distributed.md",
    "tests/test_estimator_browser.py",
    "docs/tensorflow/cpu-performance.md",
    "tests/test_captures.py",
    "tests/test_timeouts.py",
    "tests/test_notebooks.py",
    "docs/tensorflow/devices.md",
    "tests/test_browser.py",
    "tests/test_print_page.py",
    "tests/test_harness.py",
    "tests/test_byom_notebook.py",
    "docs/tensorflow/xla.md",
    "docs/tensorflow/gpu-memory.md",
    "docs/tensorflow/mixed-precision.md",
]


def longest_first(items: list) -> None:
    """Sort pytest items in place: LONGEST_FIRST files first, in its order; the
    rest after, in pytest's order. Stable: a file's items keep their order."""
    rank = {path: i for i, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(relative(item.path), len(rank)))
