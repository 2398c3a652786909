"""What the build hook adds to pages, tested without building the site."""

from __future__ import annotations

from datetime import UTC, datetime

from hwguide.capture.schema import Capture
from hwguide.render import charts, outputs, tables

HASH = "sha256:" + "a" * 64
OTHER = "sha256:" + "b" * 64


def capture(kind="cpu", stdout="hello\n", source_hash=HASH, benchmarks=None) -> Capture:
    return Capture.model_validate(
        {
            "schema_version": 1,
            "provenance": {
                "runner": f"{kind}-test",
                "kind": kind,
                "profile": "quick",
                "captured_at": datetime(2026, 11, 23, tzinfo=UTC),
                "command": ["python"],
                "os": "Linux",
                "git_commit": "0123456789abcdef",
                "git_dirty": False,
                "environment": {},
                "cpu": {
                    "vendor": "V",
                    "model_name": "Test CPU",
                    "family": 1,
                    "model": 2,
                    "logical_cpus": 2,
                    "physical_cores": 2,
                    "memory_gib": 8.0,
                    "simd": [],
                    "peak": {
                        "peak_fp32_gflops": 100.0,
                        "basis": "2 cores x 32 x 1.5625 GHz",
                        "clock_source": "cpuinfo_max_freq",
                    },
                },
                "gpus": [
                    {
                        "name": "Test GPU",
                        "memory_mib": 1,
                        "driver": "1",
                        "compute_capability": "9.0",
                    }
                ]
                if kind == "gpu"
                else [],
                "versions": {
                    "python": "3.11",
                    "tensorflow": "2.21.0",
                    "keras": "3",
                    "numpy": "2",
                    "tf_built_with_cuda": kind == "gpu",
                    "cuda_build": None,
                    "cudnn_build": None,
                },
            },
            "snippets": {
                "snippets/t/a.py": {
                    "source_hash": source_hash,
                    "captured_at": datetime(2026, 11, 23, tzinfo=UTC),
                    "git_commit": None,
                    "exit_code": 0,
                    "wall_s": 1.0,
                    "stdout": stdout,
                    "stderr": "",
                }
            },
            "benchmarks": benchmarks or {},
        }
    )


PAGE = """# Page

```python title="a.py"
--8<-- "snippets/t/a.py"
```

Prose after.
"""


def test_output_goes_under_the_include_with_a_tab_per_runner():
    md = outputs.add_outputs(
        PAGE,
        {"snippets/t/a.py": HASH},
        {"cpu-test": capture(), "gpu-test": capture("gpu", "from gpu\n")},
    )
    assert md.index("```\n") < md.index('!!! output "Output"') < md.index("Prose after.")
    assert '=== "CPU · Test CPU, 2 cores · TF 2.21.0"' in md
    assert '=== "GPU · Test GPU · TF 2.21.0"' in md
    assert "hello" in md and "from gpu" in md and "Stale" not in md


def test_a_changed_snippet_is_marked_stale_with_the_command_to_run():
    md = outputs.add_outputs(PAGE, {"snippets/t/a.py": OTHER}, {"cpu-test": capture()})
    assert "Stale output" in md and "make capture RUNNER=cpu-test ONLY=snippets/t/a.py" in md


def test_an_uncaptured_snippet_says_so():
    md = outputs.add_outputs(PAGE, {"snippets/t/a.py": HASH}, {})
    assert "Not captured yet" in md


def test_output_goes_after_a_whole_tab_set():
    page = (
        '=== "One"\n\n    ```py\n    --8<-- "snippets/t/a.py:x"\n    ```\n\n'
        '=== "Two"\n\n    ```py\n    --8<-- "snippets/t/a.py:y"\n    ```\n\nAfter.\n'
    )
    md = outputs.add_outputs(page, {"snippets/t/a.py": HASH}, {"cpu-test": capture()})
    assert md.count('!!! output "Output"') == 1
    assert md.index(':y"') < md.index('!!! output "Output"') < md.index("After.")
    assert '\n!!! output "Output"' in md  # at the top level, not inside tab "Two"


BENCH = {
    "matmul": {
        "snippet": "snippets/benchmarks/matmul.py",
        "benchmark_version": 1,
        "results": [
            {
                "case": {
                    "impl": "tensorflow",
                    "device": "CPU",
                    "n": 512,
                    "dtype": "float32",
                    "xla": False,
                },
                "times_s": [0.002, 0.002],
                "median_s": 0.002,
                "q1_s": 0.002,
                "q3_s": 0.002,
                "min_s": 0.002,
                "max_s": 0.002,
                "iqr_over_median": 0.0,
                "work": {"flop": 1.6e8, "bytes": 3.1e6},
                "rates": {"flop_per_s": 8.0e10, "bytes_per_s": 1.55e9},
            },
        ],
    }
}


def test_benchmark_table_shows_value_spread_and_efficiency():
    md = tables.table("matmul", {"cpu-test": capture(benchmarks=BENCH)})
    assert "| 80.0 |" in md or "| 80 |" in md  # GFLOP/s
    assert "80%" in md  # of the runner's 100 GFLOP/s FP32 peak
    assert "2 cores x 32 x 1.5625 GHz" in md  # the basis of that peak is stated


def test_a_missing_benchmark_says_so_instead_of_inventing():
    assert "No measurements yet" in tables.table("conv", {"cpu-test": capture()})
    assert "Not measured yet" in charts.chart("speedup", {"cpu-test": capture(benchmarks=BENCH)})


def test_charts_are_inline_svg_that_follow_the_theme():
    html = charts.chart("matmul", {"cpu-test": capture(benchmarks=BENCH)})
    assert html.startswith('<div class="chart">\n<svg') and "currentColor" in html
    assert "#123456" not in html and "\n\n" not in html.split("</div>")[0]
    assert "Data behind this chart" in html


def test_no_efficiency_against_a_peak_from_a_nominal_clock():
    nominal = capture(benchmarks=BENCH)
    peak = dict(nominal.provenance.cpu.peak) | {
        "clock_source": "cpu MHz in /proc/cpuinfo",
        "clock_ghz": 1.0,
        "fp32_flops_per_cycle_per_core": 32,
        "physical_cores": 2,
    }
    cpu = nominal.provenance.cpu.model_copy(update={"peak": peak})
    nominal = nominal.model_copy(
        update={"provenance": nominal.provenance.model_copy(update={"cpu": cpu})}
    )
    md = tables.table("matmul", {"cpu-test": nominal})
    assert "of dense peak" not in md
    assert "implies the cores ran at 1.25 GHz or more" in md  # 80 GFLOP/s / (2 x 32)
