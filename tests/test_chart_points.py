"""Chart points carry tooltips and the charts their data -> SVG mapping
(src/hwguide/render/charts.py), which docs/assets/compare.js uses to place a reader's
own results: the mapping must put each drawn marker exactly where matplotlib drew it."""

from __future__ import annotations

import html
import json
import re

import pytest

from hwguide.render import charts
from tests.factories import benchmark, capture, measurement

POINT = re.compile(
    r'<g data-value="(?P<x>[^ "]+) (?P<y>[^"]+)"><title>(?P<title>[^<]*)</title>\s*'
    r'<use [^>]*?x="(?P<sx>[^"]+)" y="(?P<sy>[^"]+)"'
)


def _matmul(seconds_by_n: dict[int, float]) -> dict:
    return benchmark(
        "matmul",
        [
            measurement(
                {"impl": "tensorflow", "device": "CPU", "n": n, "dtype": "float32", "xla": False},
                seconds,
                flop=2.0 * n**3,
                bytes=12.0 * n * n,
            )
            for n, seconds in seconds_by_n.items()
        ],
    )


def _elementwise() -> dict:
    return benchmark(
        "elementwise",
        [
            measurement({"device": "CPU", "elements": e, "xla": False}, e / 2e9, bytes=8.0 * e)
            for e in (1 << 16, 1 << 20)
        ],
    )


def _training() -> dict:
    return benchmark(
        "training",
        [
            measurement({"device": "CPU", "mode": mode, "batch": b}, b / rate, samples=b)
            for mode, rate in (("default", 900.0), ("xla", 1300.0))
            for b in (16, 64, 256)
        ],
    )


@pytest.fixture(scope="module")
def runners():
    both = _matmul({256: 0.001, 512: 0.004, 1024: 0.02}) | _elementwise() | _training()
    return {
        "cpu-a": capture(runner="cpu-a", benchmarks=both),
        "cpu-b": capture(runner="cpu-b", benchmarks=_matmul({256: 0.002, 1024: 0.05})),
    }


@pytest.mark.parametrize(
    ("name", "count"),
    [("matmul", 5), ("roofline", 5), ("training", 6)],  # matmul: 3 + 2 sizes; training: 2 x 3
)
def test_every_point_has_a_title_and_sits_where_the_mapping_puts_it(runners, name, count):
    svg, _ = charts.CHARTS[name](runners)
    meta = json.loads(html.unescape(re.search(r"data-axes='([^']+)'", svg)[1]))
    assert f'data-chart="{name}"' in svg
    left, top, right, bottom = meta["box"]
    assert 0 <= left < right and 0 <= top < bottom
    viewbox = [float(v) for v in re.search(r'viewBox="([^"]+)"', svg)[1].split()]
    assert right <= viewbox[2] and bottom <= viewbox[3]
    points = list(POINT.finditer(svg))
    assert len(points) == count, "every measured point has a title (and only those)"
    for point in points:
        x, y = charts.to_svg(meta, float(point["x"]), float(point["y"]))
        assert x == pytest.approx(float(point["sx"]), abs=0.01), point["title"]
        assert y == pytest.approx(float(point["sy"]), abs=0.01), point["title"]
        assert point["title"].startswith(("cpu-a: ", "cpu-b: "))


def test_titles_name_runner_case_and_value(runners):
    svg, _ = charts.matmul(runners)
    titles = {html.unescape(p["title"]) for p in POINT.finditer(svg)}
    # cpu-b: n=1024 in 0.05 s -> 2 * 1024**3 / 0.05 / 1e9 = 42.9 GFLOP/s
    assert "cpu-b: tensorflow float32, n=1024: 42.9 GFLOP/s" in titles
    svg, _ = charts.training(runners)
    titles = {html.unescape(p["title"]) for p in POINT.finditer(svg)}
    assert "cpu-a: xla (CPU), batch 64: 1300 samples/s" in titles
    svg, data = charts.bandwidth(runners)
    titles = {html.unescape(p["title"]) for p in POINT.finditer(svg)}
    assert titles and all(" GB/s" in t and "(CPU), elements " in t for t in titles), titles
    assert data.startswith("| series | elements | GB/s |")
    svg, _ = charts.roofline(runners)
    titles = {html.unescape(p["title"]) for p in POINT.finditer(svg)}
    # This elementwise records bytes but no FLOPs: it has no place on the roofline.
    assert not any("elementwise" in t for t in titles)
    assert any(t.startswith("cpu-a: matmul, impl=tensorflow, n=256") for t in titles)


def test_swept_sizes_are_labelled_as_people_say_them():
    assert [charts._binary(v) for v in (65536, 1048576, 16777216, 2**30, 1000)] == [
        "64 Ki",
        "1 Mi",
        "16 Mi",
        "1 Gi",
        "1000",
    ]


def test_axes_metadata_records_log_and_linear_axes(runners):
    svg, _ = charts.matmul(runners)
    meta = json.loads(re.search(r"data-axes='([^']+)'", svg)[1])
    assert meta["x"]["scale"] == "log" and meta["x"]["base"] == 2
    assert meta["y"]["scale"] == "log" and meta["y"]["base"] == 10
    low, high = meta["x"]["lim"]
    assert low < 256 and high > 1024
    svg, _ = charts.training(runners)
    meta = json.loads(re.search(r"data-axes='([^']+)'", svg)[1])
    assert meta["y"]["scale"] == "linear" and "base" not in meta["y"]


def test_several_runners_share_one_legend_entry_per_configuration_and_per_runner(runners):
    svg, _ = charts.matmul(runners)
    legend = svg[svg.index('id="legend_1"') :]
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", legend)
    assert texts == ["tensorflow float32", *runners], texts


def test_a_marker_count_mismatch_is_an_error():
    svg = '<svg><g id="hw-points-1"><use x="1" y="2"/></g></svg>'
    with pytest.raises(ValueError, match="2 data points but 1 markers"):
        charts._title_points(svg, {"hw-points-1": [("a", (1, 2)), ("b", (3, 4))]})
