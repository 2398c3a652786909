"""The multi-worker example really trains with model.fit on two processes, and agrees.

The distributed chapter claims that, with its strategy subclass, plain ``model.fit``
trains across two worker processes on localhost, that both workers end with the same
weights, and that those are the weights of the custom training loop. The launcher
runs on its page in every test run (so a Keras or TensorFlow upgrade that breaks it
fails there); what it printed is checked here, in every fresh capture of it: the
output readers see must show the agreement the page describes.
"""

from __future__ import annotations

import re

import pytest

from hwguide.capture import store
from hwguide.capture.run import snippet_hash
from hwguide.paths import CAPTURES, SNIPPETS, relative

pytestmark = pytest.mark.static

LAUNCHER = SNIPPETS / "distributed" / "launch_workers.py"
LINE = re.compile(
    r"^(?P<way>fit|custom loop), worker (?P<index>\d): replicas=(?P<replicas>\d+) "
    r"loss=\S+ weight checksum=(?P<checksum>\S+)$"
)


def fresh_outputs() -> dict[str, str]:
    current = snippet_hash(LAUNCHER)
    key = relative(LAUNCHER)
    return {
        runner: run.stdout
        for runner, capture in store.load_all(CAPTURES).items()
        if (run := capture.snippets.get(key)) and run.source_hash == current and not run.skipped
    }


def test_there_is_a_fresh_capture_of_the_launcher():
    assert fresh_outputs(), f"capture it: make capture ONLY={relative(LAUNCHER)}"


@pytest.mark.parametrize("runner", sorted(fresh_outputs()) or ["none"])
def test_two_workers_trained_with_fit_and_agreed_with_the_custom_loop(runner):
    stdout = fresh_outputs().get(runner, "")
    rows = [m.groupdict() for line in stdout.splitlines() if (m := LINE.match(line))]
    assert sorted((row["way"], row["index"]) for row in rows) == [
        ("custom loop", "0"),
        ("custom loop", "1"),
        ("fit", "0"),
        ("fit", "1"),
    ], f"{runner}:\n{stdout}"
    assert {row["replicas"] for row in rows} == {"2"}, "each job must span both workers"
    checksums = {float(row["checksum"]) for row in rows}
    assert max(checksums) - min(checksums) < 1e-5, f"{runner}:\n{stdout}"
