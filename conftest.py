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

pytest_collect_file = make_sybil().pytest()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Report a skipped docs block at its page and line, not inside unittest."""
    report = yield
    example = getattr(item, "example", None)
    if example is not None and report.skipped and isinstance(report.longrepr, tuple):
        report.longrepr = (str(item.path), example.line, report.longrepr[2])
    return report
