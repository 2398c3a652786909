"""The "compare your machine" page in a real browser (docs/tools/compare.md, compare.js).

One page load for the module: each test sets a file through the page's file input
(as a reader picking it with the keyboard would) and reads what the page shows. The
valid file is a copy of one of this site's own captures, so each of its points must
land exactly on that runner's point of the build-time chart, and each ratio is 1.
Bad files (a field removed, a wrong type, not JSON) must be named by their field.

Chromium as for tests/test_browser.py: skipped without it locally, failed under CI=true.
"""

from __future__ import annotations

import json

import pytest
from test_browser import PageVisit, chromium, serve  # skips/fails without Chromium

from hwguide.paths import CAPTURES

PAGE = "/tools/compare/"
SOURCE = sorted(CAPTURES.glob("*.json"))[0]  # read only; copies go to tmp dirs
RATES = {"matmul": "flop_per_s", "elementwise": "bytes_per_s", "training": "samples_per_s"}


@pytest.fixture(scope="module")
def visit(built_site):
    if not (built_site / "tools" / "compare" / "index.html").is_file():
        pytest.fail("the built site has no tools/compare/ page: add it to mkdocs.yml's nav")
    with serve(built_site) as url, chromium() as browser:
        v = PageVisit(browser, url)
        v.page.goto(url + PAGE, wait_until="networkidle")
        v.page.wait_for_selector("#compare[data-ready='true']")
        yield v
        assert v.errors == [], f"console errors: {v.errors}"
        assert v.foreign_requests() == [], "requests that left the site"
        v.close()


@pytest.fixture(scope="module")
def original() -> dict:
    return json.loads(SOURCE.read_text(encoding="utf-8"))


def drop_file(v: PageVisit, path) -> str:
    """Set the file through the labelled input; return the status the page announces."""
    v.page.evaluate("document.getElementById('compare').dataset.state = ''")
    v.page.get_by_label("Your capture file").set_input_files(str(path))
    v.page.wait_for_function("document.getElementById('compare').dataset.state !== ''")
    return v.page.locator("#cmp-status").inner_text()


def write(tmp_path, name: str, data) -> object:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_the_validator_is_loaded_when_the_first_file_comes(visit, original, tmp_path):
    """Ajv (130 kB, a task of its own to run) is not part of the page load. This test
    comes first in the module: the page is shared, and a file dropped earlier loads it."""

    def validator() -> list[str]:
        return [url for url in visit.requests if "/assets/vendor/ajv2020" in url]

    assert validator() == []
    status = drop_file(visit, write(tmp_path, "mine.json", original))
    assert "is a valid capture" in status, status
    assert len(validator()) == 1


def test_a_valid_file_is_drawn_on_each_chart_beside_the_same_runner(visit, original, tmp_path):
    status = drop_file(visit, write(tmp_path, "mine.json", original))
    assert "is a valid capture" in status and "3 charts" in status, status
    runner = original["runner"]
    charts = visit.page.eval_on_selector_all(
        ".chart svg[data-axes]",
        """svgs => svgs.map(svg => ({
            chart: svg.dataset.chart,
            mine: [...svg.querySelectorAll('.cmp-reader .cmp-point')].map(g => ({
                value: g.dataset.value.split(' ').map(Number),
                at: g.dataset.svg.split(' ').map(Number),
                title: g.querySelector('title').textContent})),
            legend: [...svg.querySelectorAll('.cmp-legend text')].map(t => t.textContent),
            site: [...svg.querySelectorAll('g[data-value]:not(.cmp-point)')].map(g => ({
                value: g.dataset.value.split(' ').map(Number),
                at: [g.querySelector('use').getAttribute('x'),
                     g.querySelector('use').getAttribute('y')].map(Number),
                title: g.querySelector('title').textContent})),
        }))""",
    )
    assert sorted(c["chart"] for c in charts) == ["matmul", "roofline", "training"]
    for chart in charts:
        same = [p for p in chart["site"] if p["title"].startswith(f"{runner}: ")]
        assert chart["mine"] and len(chart["mine"]) == len(same), chart["chart"]
        assert chart["legend"] and all(
            t.startswith(f"Your machine ({runner})") for t in chart["legend"]
        )
        for point in chart["mine"]:
            assert point["title"].startswith(f"Your machine ({runner}): ")
            twin = [p for p in same if p["value"] == pytest.approx(point["value"], rel=1e-12)]
            assert twin, (chart["chart"], point)
            assert point["at"] == pytest.approx(twin[0]["at"], abs=0.01), point["title"]


def test_the_table_shows_the_files_figures_and_ratios(visit, original, tmp_path):
    drop_file(visit, write(tmp_path, "mine.json", original))
    runner = original["runner"]
    for name, rate in RATES.items():
        expected = [m["rates"][rate] for m in original["benchmarks"][name]["results"]]
        rows = visit.page.eval_on_selector_all(
            f"[data-benchmark='{name}'] tbody tr",
            f"""rows => rows.map(r => ({{
                yours: Number(r.querySelector('td[data-yours]').dataset.value),
                text: r.querySelector('td[data-yours]').textContent,
                same: Number(r.querySelector('td[data-runner="{runner}"]').dataset.value),
                ratio: r.querySelector('td[data-runner="{runner}"] + td').textContent}}))""",
        )
        assert [r["yours"] for r in rows] == expected, name
        scale = 1 if name == "training" else 1e9
        for row in rows:
            shown = float(row["text"].replace(",", ""))
            assert shown == pytest.approx(row["yours"] / scale, rel=5e-3, abs=5e-3), row
            assert row["same"] == row["yours"] and row["ratio"] == "1.00×"


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda d: d["benchmarks"]["matmul"].pop("session"),
            "/benchmarks/matmul/session",
            "required",
        ),
        (
            lambda d: next(iter(d["sessions"].values())).update(memory_gib="lots"),
            "/memory_gib",
            "must be number or null",
        ),
        (
            lambda d: d["machine"]["cpu"].update(logical_cpus=0),
            "/machine/cpu/logical_cpus",
            ">= 1",
        ),
        (lambda d: d.update(schema_version=1), "/schema_version", "version 2"),
    ],
    ids=["field-removed", "wrong-type", "out-of-range", "old-format"],
)
def test_a_bad_file_names_the_field(visit, original, tmp_path, change, path, message):
    drop_file(visit, write(tmp_path, "mine.json", original))  # drawn first...
    bad = json.loads(json.dumps(original))
    change(bad)
    status = drop_file(visit, write(tmp_path, "bad.json", bad))
    assert "bad.json is not a capture file" in status, status
    line = next((ln for ln in status.splitlines() if path in ln), None)
    assert line is not None and message in line, status
    assert "python -m hwguide capture" in status  # what to do
    # ...and nothing of an earlier file stays on the charts or in the table.
    assert visit.page.locator(".cmp-reader").count() == 0
    assert visit.page.locator("[data-benchmark]").count() == 0


def test_a_file_that_is_not_json_gets_the_parse_error(visit, tmp_path):
    status = drop_file(visit, write(tmp_path, "notes.json", '{"runner": "x",\n oops}'))
    assert "notes.json is not JSON:" in status and "line 2" in status, status


def test_the_drop_zone_is_labelled_and_announces(visit):
    control = visit.page.locator("#cmp-file")
    assert control.get_attribute("type") == "file"
    assert visit.page.locator("label[for='cmp-file']").count() == 1
    assert visit.page.locator("#cmp-status").get_attribute("aria-live") == "polite"
    control.focus()  # reachable by keyboard
    assert visit.page.evaluate("document.activeElement.id") == "cmp-file"
