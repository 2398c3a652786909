"""Root pytest configuration: every page in docs/ is collected by Sybil.

The machinery lives in the tooling package (src/hwguide/testing/docs.py), where
its docstring explains what runs, where and why.
"""

import os

import pytest

from hwguide.tfenv import quiet_this_process

quiet_this_process()  # before anything imports TensorFlow
# Benchmarks in the docs run at toy sizes in tests: we check that they work;
# real figures come from `make capture`.
os.environ.setdefault("BENCH_PROFILE", "smoke")

from hwguide.testing.docs import make_sybil  # noqa: E402
from hwguide.testing.schedule import longest_first  # noqa: E402

pytest_collect_file = make_sybil().pytest()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Report a skipped docs block at its page and line, not inside unittest."""
    report = yield
    example = getattr(item, "example", None)
    if example is not None and report.skipped and isinstance(report.longrepr, tuple):
        report.longrepr = (str(item.path), example.line, report.longrepr[2])
    return report


def pytest_addoption(parser):
    parser.addoption(
        "--page",
        metavar="docs/PAGE.md",
        help="keep only the tests of one page: its blocks, and the tests of the snippets it "
        "includes (make test-page PAGE=...)",
    )


def pytest_collection_modifyitems(config, items):
    longest_first(items)  # how `make test` balances its workers
    page = config.getoption("--page")
    if not page:
        return
    from hwguide.paths import ROOT, relative
    from hwguide.snippets import includes_in

    path = (ROOT / page).resolve()
    if not path.is_file():
        raise pytest.UsageError(f"--page {page}: no such page (give a path like docs/x.md)")
    included = {relative(i.path) for i in includes_in(path.read_text(encoding="utf-8"))}
    included.add(relative(path))  # the page's own census and front-matter checks

    def wanted(item) -> bool:
        if item.path.resolve() == path:
            return True
        callspec = getattr(item, "callspec", None)
        return callspec is not None and callspec.id in included

    kept = [item for item in items if wanted(item)]
    config.hook.pytest_deselected(items=[item for item in items if not wanted(item)])
    items[:] = kept
