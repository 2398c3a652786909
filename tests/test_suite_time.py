"""The suite timer (src/hwguide/testing/suite_time.py) reads the machine's CPU time
and runs the command it is given; it asserts nothing about speed itself."""

from __future__ import annotations

import os
import sys

from hwguide.testing import suite_time


def test_machine_cpu_time_is_user_nice_and_system(tmp_path):
    stat = tmp_path / "stat"
    stat.write_text("cpu  100 20 30 5000 7 0 3 0 0 0\ncpu0 50 10 15 2500 3 0 1 0 0 0\n")
    assert suite_time.machine_cpu_seconds(stat) == 150 / os.sysconf("SC_CLK_TCK")


def test_without_proc_stat_there_is_no_cpu_figure(tmp_path):
    assert suite_time.machine_cpu_seconds(tmp_path / "missing") is None
    timing = suite_time.Timing(0, 10.0, None, 0.6, 0.8)
    assert timing.probe_units() is None
    assert "machine CPU" not in timing.report()


def test_probe_units_divide_cpu_time_by_the_mean_probe():
    timing = suite_time.Timing(1, 130.0, 280.0, 0.6, 0.8)
    assert timing.probe_units() == 400.0
    assert "exit status 1" in timing.report()
    assert "(400 probe units)" in timing.report()


def test_measure_runs_the_command_and_keeps_its_exit_status():
    timing = suite_time.measure([sys.executable, "-c", "raise SystemExit(3)"], probe_runs=1)
    assert timing.returncode == 3
    assert timing.wall_s > 0 and timing.probe_before_s > 0 and timing.probe_after_s > 0
