"""What the build hook adds to pages, tested without building the site."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hwguide.capture.schema import SnippetRun
from hwguide.render import charts, claims, outputs, tables
from tests.factories import HASH, MATMUL, OTHER, benchmark, capture, measurement, snippet_run

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
    assert '=== "CPU · Test CPU, 2 cores"' in md
    assert '=== "GPU · Test GPU"' in md
    assert "hello" in md and "from gpu" in md and "Stale" not in md


def test_a_changed_snippet_is_marked_stale_with_the_command_to_run():
    md = outputs.add_outputs(PAGE, {"snippets/t/a.py": OTHER}, {"cpu-test": capture()})
    assert "Stale output" in md and "make capture RUNNER=cpu-test ONLY=snippets/t/a.py" in md


def test_a_record_of_a_gpu_snippet_not_run_on_a_cpu_runner_stays_true_after_an_edit():
    """Capturing again would write the same "needs a GPU" record: no stale note."""
    gpu_only, cpu_snippet = "snippets/gpu_memory/memory_limit.py", "snippets/devices/split_cpu.py"
    not_run = SnippetRun.model_validate(
        {**snippet_run(stdout="", exit_code=None), "skipped": "needs a GPU; this runner has none"}
    )
    assert not outputs.is_stale(gpu_only, not_run, OTHER, "cpu")
    # On a GPU runner the snippet runs now, and a snippet without the line runs anywhere.
    assert outputs.is_stale(gpu_only, not_run, OTHER, "gpu")
    assert outputs.is_stale(cpu_snippet, not_run, OTHER, "cpu")
    assert not outputs.is_stale(cpu_snippet, not_run, HASH, "cpu")  # unchanged: fresh


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


BENCH = MATMUL


def test_benchmark_table_shows_value_spread_and_efficiency():
    md = tables.table("matmul", {"cpu-test": capture(benchmarks=BENCH)}, {})
    assert "| 80.0 |" in md or "| 80 |" in md  # GFLOP/s
    assert "80%" in md  # of the runner's 100 GFLOP/s FP32 peak
    assert "2 cores x 32 x 1.5625 GHz" in md  # the basis of that peak is stated


def test_a_missing_benchmark_says_so_instead_of_inventing():
    assert "No measurements yet" in tables.table("conv", {"cpu-test": capture()}, {})
    assert "Not measured yet" in charts.chart("speedup", {"cpu-test": capture(benchmarks=BENCH)})


def test_charts_are_inline_svg_that_follow_the_theme():
    html = charts.chart("matmul", {"cpu-test": capture(benchmarks=BENCH)})
    assert html.startswith('<div class="chart" data-search-exclude>\n<svg')
    assert "currentColor" in html
    assert "#123456" not in html and "\n\n" not in html.split("</div>")[0]
    assert "<metadata" not in html  # no RDF noise for search and readers
    assert "Data behind this chart" in html
    # No <style>: inline, matplotlib's "*{stroke-linejoin...}" styled the whole page
    # (a diagram's lines with it).
    assert "<style" not in html
    assert charts.ROOT_STROKE in html.split(">", 2)[1]  # on the <svg> root, inherited


def test_a_chart_style_other_than_matplotlibs_usual_one_fails_naming_it():
    svg = '<svg><defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}'
    assert charts.without_page_style(svg + "</style></defs><g/></svg>") == "<svg><g/></svg>"
    with pytest.raises(ValueError, match=r"text \{fill: red\}.*without_page_style"):
        charts.without_page_style("<svg><style>text {fill: red}</style></svg>")


def test_a_benchmark_of_cases_gets_a_dot_per_runner_on_each_case_row():
    """Dispatch, convolution, inference, input pipeline: no sweep, so a dot plot."""
    modes = [("eager", 1, 0.001), ("tf.function", 1, 0.0005), ("tf.function, 100 ops", 100, 0.001)]
    dispatch = benchmark(
        "dispatch",
        [measurement({"device": "CPU", "mode": m, "ops": n}, s, ops=n) for m, n, s in modes],
    )
    runners = {r: capture(benchmarks=dispatch, runner=r) for r in ("cpu-a", "cpu-b")}
    html = charts.chart("dispatch", runners)
    assert 'data-chart="dispatch"' in html and 'aria-label="Dispatch rate per mode"' in html
    assert html.count("<title>") == 6  # a tooltip per runner per case
    assert "<title>cpu-b, tf.function, 100 ops: 100000 ops/s</title>" in html
    assert "| cpu-a | eager | 1000 |" in html  # the data behind it
    assert '"scale":"log"' in html  # 1,000 to 100,000 ops/s: more than 30x apart
    assert "Not measured yet" in charts.chart("inference", runners)


def nominal_clock(ghz: float):
    """A 2-core runner whose peak rests on /proc/cpuinfo's current clock (BENCH's
    fastest float32 matmul: 80 GFLOP/s)."""
    nominal = capture(benchmarks=BENCH)
    peak = dict(nominal.machine.cpu.peak) | {
        "clock_source": "cpu MHz in /proc/cpuinfo",
        "clock_ghz": ghz,
        "fp32_flops_per_cycle_per_core": 32,
        "physical_cores": 2,
    }
    cpu = nominal.machine.cpu.model_copy(update={"peak": peak})
    return nominal.model_copy(update={"machine": nominal.machine.model_copy(update={"cpu": cpu})})


def test_no_efficiency_against_a_peak_from_a_nominal_clock():
    md = tables.table("matmul", {"cpu-test": nominal_clock(1.0)}, {})
    assert "of peak" not in md
    assert "implies the cores ran at 1.25 GHz or more" in md  # 80 GFLOP/s / (2 x 32)


def test_a_slow_result_proves_nothing_about_the_clock():
    """Below the reported clock's peak, the implied clock says nothing: not printed."""
    md = tables.table("matmul", {"cpu-test": nominal_clock(3.0)}, {})  # peak 2 x 32 x 3 GHz
    assert "of peak" not in md and "implies the cores" not in md
    assert "a peak from it could be too low, and an efficiency against it too high" in md


def test_a_mixed_bfloat16_training_step_is_not_a_float32_result():
    """Training cases name a mode, not a dtype: mixed_bfloat16 computes in bfloat16,
    so it neither implies a clock for the FP32 peak nor gets an FP32 efficiency."""
    from tests.factories import benchmark, measurement

    steps = benchmark(
        "training",
        [
            measurement({"device": "CPU", "mode": mode, "batch": 16}, 1.0, flop=flops, samples=16)
            for mode, flops in (("default", 60e9), ("mixed_bfloat16", 300e9))
        ],
    )
    measured = capture(benchmarks=steps).benchmarks
    runner = nominal_clock(1.0).model_copy(update={"benchmarks": measured})
    md = tables.table("training", {"cpu-test": runner}, {})
    assert "The fastest float32 result here" not in md  # 60 GFLOP/s implies < 1 GHz
    assert tables.compute_dtype({"mode": "mixed_bfloat16"}) == "bfloat16"
    assert tables.compute_dtype({"mode": "xla"}) == "float32"
    assert tables.compute_dtype({"dtype": "bfloat16", "mode": "x"}) == "bfloat16"


def test_a_cpu_without_a_known_microarchitecture_says_why_it_has_no_efficiency():
    base = capture(benchmarks=BENCH)
    basis = "microarchitecture not in the table (vendor GenuineIntel, family 6, model 167)"
    cpu = base.machine.cpu.model_copy(update={"peak": {"basis": basis, "clock_ghz": 2.6}})
    hidden = base.model_copy(update={"machine": base.machine.model_copy(update={"cpu": cpu})})
    md = tables.table("matmul", {"cpu-test": hidden}, {})
    assert "of peak" not in md
    assert "`cpu-test`: no efficiency shown. Its FP32 peak cannot be computed: " in md
    assert basis in md


def training(runner_rates: dict[str, float]) -> dict:
    """A training benchmark: samples/s of each mode at batches 16 and 64."""
    from tests.factories import benchmark, measurement

    results = [
        measurement({"device": "CPU", "mode": mode, "batch": batch}, batch / rate, samples=batch)
        for mode, rate in runner_rates.items()
        for batch in (16, 64)
    ]
    return benchmark("training", results)


def two_runners():
    fast = capture(runner="cpu-a", benchmarks=training({"default": 100.0, "xla": 150.0}))
    slow = capture(
        runner="cpu-b",
        model_name="Other CPU",
        benchmarks=training({"default": 100.0, "xla": 50.0}),
    )
    return {"cpu-a": fast, "cpu-b": slow}


def test_runners_are_side_by_side_and_named_in_the_caption():
    md = tables.table("training", two_runners(), {})
    header = md.split("\n")[0]
    assert "`cpu-a` samples/s" in header and "`cpu-b` samples/s" in header
    pivot = md.split("All training measurements")[0]
    assert pivot.count("| default | 16 |") == 1  # one row per case, not per runner
    assert "`cpu-a`: Test CPU, 2 cores" in md and "`cpu-b`: Other CPU, 2 cores" in md
    assert "captured 2026-11-23 on runner `cpu-b`" in md
    assert 'All training measurements"' in md  # the full data, folded


def test_a_stale_benchmark_and_a_noisy_result_are_marked():
    from tests.factories import OTHER, benchmark, measurement

    noisy = benchmark(
        "elementwise",
        [measurement({"device": "CPU", "elements": 8}, 0.001, iqr=0.5, bytes=64.0)],
    )
    runners = {"cpu-test": capture(benchmarks=noisy)}
    md = tables.table("elementwise", runners, {"snippets/benchmarks/elementwise.py": OTHER})
    assert "**Stale:**" in md and "ONLY=snippets/benchmarks/elementwise.py" in md
    assert tables.NOISY_MARK in md.split("\n")[2] and "Trust less" in md


def test_a_ratio_placeholder_prints_what_each_runner_measured():
    text = claims.render("training mode=xla / mode=default", two_runners(), {})
    assert text == (
        "**1.5× faster** on `cpu-a` (batch 16–64); **2.0× slower** on `cpu-b` (batch 16–64)"
    )


def test_a_stated_direction_that_a_runner_contradicts_fails():
    with pytest.raises(claims.ClaimError, match="says faster, but `cpu-b` measured"):
        claims.render("training mode=xla / mode=default expect=faster", two_runners(), {})
    only_fast = {"cpu-a": two_runners()["cpu-a"]}
    assert "faster" in claims.render(
        "training mode=xla / mode=default expect=faster", only_fast, {}
    )


def test_a_ratio_can_name_the_rate_its_sentence_compares():
    """A convolution is read by GFLOP/s, but "forward+backward over forward" in time
    per sample is a ratio of samples/s: the two give different answers."""
    from tests.factories import benchmark, measurement

    conv = benchmark(
        "conv",
        [
            measurement({"pass": "forward"}, 1.0, flop=100.0, samples=30.0),
            measurement({"pass": "both"}, 3.0, flop=330.0, samples=30.0),
        ],
    )
    runners = {"cpu-a": capture(runner="cpu-a", benchmarks=conv)}
    assert claims.render("conv pass=both / pass=forward", runners, {}).startswith(
        "**1.1× faster**"  # GFLOP/s, the primary rate
    )
    by_sample = claims.render("conv pass=both / pass=forward rate=samples_per_s", runners, {})
    assert by_sample.startswith("**3.0× slower**")
    with pytest.raises(claims.ClaimError, match="rate= takes one of"):
        claims.render("conv pass=both / pass=forward rate=fast", runners, {})
    with pytest.raises(claims.ClaimError, match="records no bytes_per_s"):
        claims.render("conv pass=both / pass=forward rate=bytes_per_s", runners, {})


@pytest.mark.parametrize(
    "args",
    ["training mode=xla", "training mode=xla / batch", "nothing mode=xla / mode=default"],
)
def test_a_malformed_or_unmatched_ratio_is_an_error(args):
    with pytest.raises(claims.ClaimError):
        claims.render(args, two_runners(), {})


def test_each_output_names_its_own_session_and_a_failure_says_why():
    from tests.factories import SESSION, session, snippet_run

    base = capture()
    later = "2030-01-01T00:00:00Z"
    record = snippet_run("Traceback...\n", exit_code=1, failure="exit status 1: ValueError: x")
    failed = base.model_copy(
        update={
            "sessions": {
                SESSION: base.sessions[SESSION],
                later: base.sessions[SESSION].model_validate(
                    session(datetime(2030, 1, 1, tzinfo=UTC), "feedfacefeedface")
                ),
            },
            "snippets": {
                "snippets/t/a.py": base.snippets["snippets/t/a.py"].model_validate(
                    record | {"session": later}
                )
            },
        }
    )
    md = outputs.add_outputs(PAGE, {"snippets/t/a.py": HASH}, {"cpu-test": failed})
    assert '!!! failure "This run failed: exit status 1: ValueError: x"' in md
    assert "captured 2030-01-01" in md and "feedfacefe" in md


def test_a_ratio_from_a_stale_benchmark_says_so():
    stale = {"snippets/benchmarks/training.py": "sha256:" + "c" * 64}
    text = claims.render("training mode=xla / mode=default", two_runners(), stale)
    assert text.count("(an earlier version of the benchmark)") == 2


def test_references_name_a_page_that_has_no_title_yet(tmp_path):
    from hwguide.render import references

    (tmp_path / "a.md").write_text("# The A chapter\n\n## Sources\n\n- [X](https://x.example/)\n")
    text = references.render(tmp_path, [("a.md", None)], "refs.md")
    assert "cited in [The A chapter](a.md)" in text and "None" not in text


@pytest.mark.static
def test_placeholders_shown_as_code_are_left_as_typed():
    import re

    from hwguide.render.code_spans import sub_outside_code

    page = (
        "Peak <!-- fig: a b -->, shown as `<!-- fig: a b -->` or ``<!-- fig: a b -->``.\n"
        "```markdown\n<!-- fig: a b -->\n```\n"
        "~~~~\n```\n<!-- fig: a b -->\n~~~~\n"
        "After the fences: <!-- fig: a b -->\n"
    )
    out = sub_outside_code(re.compile(r"<!-- fig: a b -->"), lambda m: "X", page)
    assert out.count("X") == 2
    assert out.startswith("Peak X, shown as `<!-- fig: a b -->`")
    assert out.endswith("After the fences: X\n")


@pytest.mark.static
def test_abbreviations_stay_out_of_inline_svg_text():
    from hwguide.mkdocs_hooks import unwrap_abbr_in_svg

    html = (
        '<p><abbr title="High Bandwidth Memory">HBM</abbr></p>'
        '<svg><text>4 <abbr title="High Bandwidth Memory">HBM</abbr> stacks</text></svg>'
    )
    assert unwrap_abbr_in_svg(html) == (
        '<p><abbr title="High Bandwidth Memory">HBM</abbr></p><svg><text>4 HBM stacks</text></svg>'
    )


@pytest.mark.static
def test_tables_get_a_box_the_browser_may_skip_off_screen():
    from hwguide.mkdocs_hooks import contained_tables

    html = (
        "<p>a</p><table>\n<thead><tr><th>x</th></tr></thead></table>"
        '<p>b</p><table class="own">\n<tr><td>y</td></tr></table>'
    )
    assert contained_tables(html) == (
        '<p>a</p><div class="hw-table"><table>\n<thead><tr><th>x</th></tr></thead></table></div>'
        '<p>b</p><table class="own">\n<tr><td>y</td></tr></table>'
    )


def test_every_table_of_the_registry_page_is_in_its_box(built_site):
    html = (built_site / "hardware" / "registry" / "index.html").read_text(encoding="utf-8")
    tables = html.count("<table")
    assert tables >= 10
    assert html.count('<div class="hw-table"><table>') == tables
