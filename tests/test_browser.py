"""The built site in a real browser: headless Chromium via Playwright.

Chromium comes from the system (Debian's ``chromium`` package; ``.ci/run``
installs it). Without it this test is skipped locally, and fails under CI=true.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("google-chrome")
# Flags that keep Chromium from phoning home on its own (updates, sync...), so
# that any request we see was made by the page.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if CHROMIUM is None:
    if os.environ.get("CI") == "true":
        pytest.fail(
            "CI needs Chromium for the browser test: apt-get install chromium", pytrace=False
        )
    pytest.skip("no chromium on PATH (apt-get install chromium)", allow_module_level=True)


# The two helpers below are shared with tests/test_accessibility.py.
@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a built site on a free local port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@contextlib.contextmanager
def chromium():
    """The system Chromium, headless, under Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


class PageVisit:
    """A browser page that records console errors and every request it makes.

    Material builds its search index in a web worker on every page load (lunr over
    the whole site's text: the largest part of a load's CPU time here). Unless
    ``search`` is true, the page gets the index's configuration without documents:
    search's markup and script still load, there is just nothing to find.
    """

    def __init__(self, browser, base_url, *, search: bool = False):
        self.context = browser.new_context()
        if not search:
            self.context.route("**/search/search_index.json", _index_without_documents)
        self.page = self.context.new_page()
        self.base = urlparse(base_url)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )

    def foreign_requests(self) -> list[str]:
        foreign = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue
            if parsed.hostname != self.base.hostname or parsed.port != self.base.port:
                foreign.append(url)
        return foreign

    def close(self):
        self.context.close()


def _index_without_documents(route) -> None:
    from playwright.sync_api import Error

    # The index is requested after the load event and a drawn frame (overrides/main.html):
    # on a long page that can be as the test closes the page; then there is nothing to serve.
    try:
        index = route.fetch().json()
        route.fulfill(json={"config": index["config"], "docs": []})
    except Error as error:
        if "disposed" not in str(error) and "closed" not in str(error):
            raise


@pytest.fixture
def visit(browser, site_url):
    visits = []

    def open_page(path: str, *, search: bool = False) -> PageVisit:
        v = PageVisit(browser, site_url, search=search)
        v.page.goto(site_url + path, wait_until="networkidle")
        visits.append(v)
        return v

    yield open_page
    for v in visits:
        v.close()


# Every page's render (title, console errors, requests leaving the site) is checked
# by tests/test_accessibility.py, which loads each page anyway.


def test_code_blocks_get_copy_buttons_and_named_annotations_as_they_come_into_view(visit):
    """Material mounts a code block (copy button, annotations) when it first comes
    into view (``content.lazy`` in mkdocs.yml, a switch Material does not document):
    a block far down the page has no button at load and has one once scrolled to.
    a11y.js names the annotation markers Material builds then."""
    v = visit("/tensorflow/devices/")
    blocks = v.page.locator(".md-content pre > code:visible")  # not those in other tabs
    buttons = "button[data-md-type='copy']"
    last = blocks.last
    assert blocks.count() >= 8
    assert last.evaluate(f"c => c.closest('pre').querySelector(\"{buttons}\") === null")
    for i in range(blocks.count()):
        blocks.nth(i).scroll_into_view_if_needed()
        blocks.nth(i).locator(f"xpath=.. >> {buttons}").wait_for(state="attached")
    # A line that reaches the right edge scrolls clear of the button (extra.css).
    room = blocks.first.evaluate(
        """code => [parseFloat(getComputedStyle(code).paddingRight),
                    code.parentElement.querySelector('.md-code__nav').offsetWidth]"""
    )
    assert room[0] >= room[1] > 0, f"padding {room[0]} px, button bar {room[1]} px"
    markers = v.page.locator(".md-annotation__index")
    assert markers.count() == 2
    for i in range(2):
        assert markers.nth(i).get_attribute("aria-label") == f"Annotation {i + 1}"
    assert v.page.locator(".tabbed-set").count() >= 1
    assert v.errors == []


def test_a_scroll_box_in_a_fold_is_made_focusable_when_the_fold_opens(browser, site_url):
    """a11y.js makes a box that scrolls sideways focusable and names it; a box in a
    closed fold (the benchmarks' full-data tables) is left alone until the fold opens
    (laying out hidden content was most of its work on that page)."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(site_url + "/benchmarks/", wait_until="load")
    page.wait_for_selector("html[data-hw-a11y=done]", state="attached")
    fold = page.locator("details:has(.md-typeset__scrollwrap)").first
    box = fold.locator(".md-typeset__scrollwrap").first
    assert fold.evaluate("d => !d.open")
    assert box.get_attribute("tabindex") is None
    fold.locator("summary").click()
    page.wait_for_function("b => b.getAttribute('tabindex') === '0'", arg=box.element_handle())
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # it does scroll at 390 px
    assert box.get_attribute("role") == "group"
    assert box.get_attribute("aria-label").endswith("(scrolls sideways)")
    context.close()


SHIFTS = """window.__shifts = [];
new PerformanceObserver((list) => list.getEntries().forEach((entry) => window.__shifts.push(
  [entry.value, entry.sources.map((s) => s.node ? s.node.outerHTML.slice(0, 60) : '')])))
  .observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("path", ["/tools/compare/", "/contributing/"])
def test_nothing_moves_while_a_page_loads_on_a_phone(browser, site_url, path):
    """A block that the browser may skip off screen (extra.css) is laid out first at a
    placeholder height; on the first screen that made the text under it jump once the
    real height came (0.09 and 0.04 on these pages at 412 px). The first blocks of a
    page are never skipped."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    page.add_init_script(SHIFTS)
    page.goto(site_url + path, wait_until="load")
    page.wait_for_timeout(500)  # a shift is reported within a frame or two
    assert page.evaluate("window.__shifts") == []
    context.close()


def test_search_finds_a_word_from_the_chapter(visit):
    v = visit("/", search=True)
    v.page.keyboard.press("/")  # Material's search shortcut
    v.page.locator("input.md-search__input").press_sequentially("placement", delay=20)
    results = v.page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    assert "/tensorflow/devices/" in results.first.locator("a").first.get_attribute("href")
    assert v.foreign_requests() == []


def test_the_search_index_is_requested_only_after_the_page_has_loaded(visit):
    """overrides/main.html holds Material's request for the whole site's index until
    the load event and a drawn frame, so a phone spends its first seconds on the page
    itself, and the page's first paint never waits on the index."""
    v = visit("/hardware/", search=True)
    timing = v.page.evaluate(
        """() => ({
            load: performance.getEntriesByType("navigation")[0].loadEventStart,
            paint: performance.getEntriesByName("first-contentful-paint").map(e => e.startTime),
            index: performance.getEntriesByType("resource")
                .filter(e => e.name.endsWith("/search/search_index.json"))
                .map(e => e.startTime),
        })"""
    )
    assert len(timing["index"]) == 1, timing
    assert timing["index"][0] >= timing["load"] > 0, timing
    assert timing["paint"] and timing["index"][0] >= timing["paint"][0], timing
    assert v.errors == []


def test_dark_light_toggle(visit):
    v = visit("/tensorflow/devices/")
    body = v.page.locator("body")
    schemes = [body.get_attribute("data-md-color-scheme")]
    for _ in range(2):
        v.page.locator("form[data-md-component='palette'] label:visible").first.click()
        schemes.append(body.get_attribute("data-md-color-scheme"))
    assert {"default", "slate"} <= set(schemes), schemes
    assert v.errors == []


def test_a_scheme_switch_changes_colours_at_once_and_a_page_load_does_not_restyle_for_it(
    visit,
):
    """Links fade their colour on hover (a transition); a switch of scheme turns
    transitions off for two frames (overrides/main.html, extra.css), so every
    colour changes at once. Loading a page never sets the class (Material's own
    attribute for this did, and restyled the whole page: hwguide/render/theme_css.py)."""
    v = visit("/tensorflow/devices/")
    link = ".md-content .md-typeset a[href]:not(.headerlink)"
    durations = v.page.evaluate(
        """async (link) => {
            const duration = () =>
                getComputedStyle(document.querySelector(link)).transitionDuration;
            const frame = () => new Promise((done) => requestAnimationFrame(done));
            const before = [duration(), document.body.className];
            document.querySelector("form[data-md-component='palette'] label:not([hidden])").click();
            const during = [duration(), document.body.className];
            await frame(); await frame(); await frame();
            return {before, during, after: [duration(), document.body.className]};
        }""",
        link,
    )
    assert durations["before"][0] not in ("", "0s"), durations  # links do have a transition
    assert "hw-scheme-switching" not in durations["before"][1], durations
    assert durations["during"][0] == "0s" and "hw-scheme-switching" in durations["during"][1]
    assert durations["after"] == durations["before"], durations
    assert v.errors == []


def test_404_page_offers_search_and_every_section(visit):
    v = visit("/404.html", search=True)
    assert "not found" in v.page.locator("h1").first.inner_text().lower()
    hrefs = v.page.locator("article a").evaluate_all("links => links.map(a => a.href)")
    for section in ("/hardware/", "/tensorflow/devices/", "/lab/gpu-training/", "/benchmarks/"):
        assert any(href.endswith(section) for href in hrefs), (section, hrefs)
    # Its form opens Material's search on the home page (?q=), with results.
    v.page.locator("#hw-404-query").fill("placement")
    v.page.locator(".hw-404-search button").click()
    results = v.page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    assert v.errors == []


TABLE_BOXES = """() => Array.from(document.querySelectorAll('.md-content .hw-table')).map(
    (box) => Math.round(box.getBoundingClientRect().height * 10) / 10)"""


@pytest.mark.parametrize("path", ["/contributing/", "/hardware/gpu/"])
def test_tables_are_as_tall_before_materials_script_wraps_them_as_after(browser, site_url, path):
    """Material puts each table in its scroll box from its script, after the first
    paint; until then the table's box (extra.css) is already as tall as it will be,
    so the text under a table does not move (a layout shift) when the script runs.
    Compared with every fold open and nothing skipped, so that every table is laid out."""
    heights = {}
    for script in (False, True):
        context = browser.new_context(viewport={"width": 390, "height": 900})
        page = context.new_page()
        if not script:
            page.route("**/javascripts/bundle.*.js", lambda route: route.abort())
        page.goto(site_url + path, wait_until="load")
        if script:
            page.wait_for_selector(".md-typeset__scrollwrap", state="attached")
        page.add_style_tag(content="* { content-visibility: visible !important; }")
        page.evaluate("() => document.querySelectorAll('details').forEach((d) => d.open = true)")
        wrapped = page.locator(".hw-table > .md-typeset__scrollwrap").count()
        heights[script] = (page.evaluate(TABLE_BOXES), wrapped)
        context.close()
    (before, unwrapped), (after, wrapped) = heights[False], heights[True]
    assert unwrapped == 0 and wrapped == len(after) > 0, heights
    assert before == after, heights
