"""The whole guide on one page (docs/print.md, hwguide.render.print_page).

The module is tested on small pages first (ids, links, folds, SVGs), then on the
built site: one section per page of the navigation, ids unique, every link and
image on it resolving, and the page in Chromium without errors or foreign requests.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest

from hwguide.render import print_page
from hwguide.render.print_page import Chapter, assemble

GPU = Chapter(
    "hardware/gpu/",
    "GPU",
    '<h1 id="gpu">GPU</h1><p><a href="#memory">below</a> <a href="../cpu/#avx">CPU</a> '
    '<a href="../../tools/estimator/">tool</a> <a href="https://example.org/x">out</a>'
    '<img src="../../assets/x.svg" alt="x"></p>'
    '<input id="__tabbed_1_1" name="__tabbed_1" type="radio"><label for="__tabbed_1_1">A</label>'
    '<details class="question"><summary>Q</summary>A</details>'
    '<details class="info"><summary>All data</summary>rows</details>'
    '<svg><defs><clipPath id="c1"/></defs><a href="#c1"/></svg>'
    '<h2 id="memory">Memory</h2>',
)
CPU = Chapter("hardware/cpu/", "CPU", '<h1 id="cpu">CPU</h1><h2 id="avx">AVX</h2>')


def test_ids_and_references_to_them_get_the_section_prefix():
    html = assemble([GPU, CPU], "print/")
    assert '<section class="hw-print-chapter" id="hardware-gpu" aria-label="GPU">' in html
    assert 'id="hardware-gpu--memory"' in html and 'href="#hardware-gpu--memory"' in html
    assert 'id="hardware-gpu--__tabbed_1_1" name="hardware-gpu--__tabbed_1"' in html
    assert 'for="hardware-gpu--__tabbed_1_1"' in html


def test_links_lead_to_sections_here_or_to_pages_relative_to_the_print_page():
    html = assemble([GPU, CPU], "print/")
    assert 'href="#hardware-cpu--avx"' in html  # a printed page: its section, its anchor
    assert 'href="../tools/estimator/"' in html  # a page left out: the page itself
    assert 'href="https://example.org/x"' in html
    assert 'src="../assets/x.svg"' in html


def test_links_work_without_directory_urls_too():
    """The offline edition's pages are files: hardware/gpu.html, print.html."""
    gpu = Chapter("hardware/gpu.html", "GPU", '<a href="cpu.html#avx">x</a><img src="../a.svg">')
    cpu = Chapter("hardware/cpu.html", "CPU", "<h1>CPU</h1>")
    html = assemble([gpu, cpu], "print.html")
    assert 'href="#hardware-cpu--avx"' in html and 'src="a.svg"' in html


def test_svgs_are_untouched_and_folds_open_except_data():
    html = assemble([GPU], "print/")
    assert '<svg><defs><clipPath id="c1"/></defs><a href="#c1"/></svg>' in html
    assert '<details open class="question">' in html
    assert '<details class="info">' in html


@pytest.fixture(scope="module")
def printed(built_site) -> tuple[Path, str]:
    return built_site, (built_site / "print" / "index.html").read_text(encoding="utf-8")


def test_the_print_page_has_every_page_but_the_tools(printed):
    site, html = printed
    sections = re.findall(r'<section class="hw-print-chapter" id="([^"]+)"', html)
    pages = [
        print_page.slug(str(path.relative_to(site)))
        for path in site.rglob("index.html")
        if not str(path.relative_to(site)).startswith(("print/", "tools/", "search/"))
    ]
    assert sorted(sections) == sorted(pages)
    assert sections[:2] == ["home", "hardware"]  # navigation order


def test_the_print_page_ids_are_unique_and_its_links_resolve(printed):
    site, html = printed
    outside_svgs = re.sub(r"<svg\b.*?</svg>", "", html, flags=re.DOTALL)
    ids = collections.Counter(re.findall(r'\sid="([^"]*)"', outside_svgs))
    assert [i for i, n in ids.items() if n > 1] == []
    all_ids = set(re.findall(r'\sid="([^"]*)"', html))
    anchors = re.findall(r'\shref="#([^"]+)"', outside_svgs)
    assert len(anchors) > 100 and [a for a in anchors if a not in all_ids] == []
    here = site / "print"
    broken = []
    for link in set(re.findall(r'\s(?:href|src)="([^"#?]+)[^"]*"', outside_svgs)):
        if re.match(r"^([a-z]+:|//)", link):
            continue
        target = (here / link).resolve()
        if not (target / "index.html" if target.is_dir() else target).is_file():
            broken.append(link)
    assert broken == []


def test_the_print_page_is_left_out_of_search(built_site):
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"print/' not in index.replace(" ", "")


def test_the_print_page_loads_without_errors_or_foreign_requests(built_site):
    from test_browser import PageVisit, chromium, serve  # skips/fails without Chromium

    with serve(built_site) as base, chromium() as browser:
        visit = PageVisit(browser, base)
        try:
            visit.page.goto(base + "/print/", wait_until="load")
            assert visit.page.locator("section.hw-print-chapter").count() > 20
            assert visit.errors == [] and visit.foreign_requests() == []
        finally:
            visit.close()
