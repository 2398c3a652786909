"""The multi-worker example really trains with model.fit on two processes, and agrees.

The distributed chapter claims that, with its strategy subclass, plain ``model.fit``
trains across two worker processes on localhost, that both workers end with the same
weights, and that those are the weights of the custom training loop. This runs the
launcher as a reader would and checks exactly that, so a Keras or TensorFlow upgrade
that breaks the workaround (or makes the two ways disagree) fails here.
"""

from __future__ import annotations

import re
import subprocess
import sys

from hwguide.paths import SNIPPETS
from hwguide.tfenv import quiet_environ

LAUNCHER = SNIPPETS / "distributed" / "launch_workers.py"
LINE = re.compile(
    r"^(?P<way>fit|custom loop), worker (?P<index>\d): replicas=(?P<replicas>\d+) "
    r"loss=\S+ weight checksum=(?P<checksum>\S+)$"
)


def test_two_workers_train_with_fit_and_agree_with_the_custom_loop(tmp_path):
    result = subprocess.run(
        [sys.executable, str(LAUNCHER)],
        cwd=tmp_path,
        env=quiet_environ() | {"PYTHONPATH": str(LAUNCHER.parent)},
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [m.groupdict() for line in result.stdout.splitlines() if (m := LINE.match(line))]
    assert sorted((row["way"], row["index"]) for row in rows) == [
        ("custom loop", "0"),
        ("custom loop", "1"),
        ("fit", "0"),
        ("fit", "1"),
    ], result.stdout
    assert {row["replicas"] for row in rows} == {"2"}, "each job must span both workers"
    checksums = {float(row["checksum"]) for row in rows}
    assert max(checksums) - min(checksums) < 1e-5, result.stdout
