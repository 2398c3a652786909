"""Accessibility of every page of the built site, in light and dark: axe-core in Chromium.

Each page is loaded once, in one browser, and checked:

- light scheme, desktop width: axe-core's WCAG 2.0-2.2 A/AA and best-practice rules;
- dark scheme, switched in place as Material's palette toggle does (the
  ``data-md-color-scheme`` attribute on ``<body>``; the page's background shows
  that it took effect): the rules whose outcome colours decide (contrast, links
  told apart from text), since nothing else changes;
- phone width (390 px), where code blocks, tables, charts and diagrams scroll
  sideways: every scrolling box reachable by keyboard (axe); every chart's and
  diagram's text at least 11 px on screen, and all of it drawn.

A serious or critical violation fails, listed by page, scheme, rule and elements.

The same pass checks that every page renders: a visible title, no console error, no
script error, and no request that leaves the site (what tests/test_browser.py did
for a few pages, here for all of them, at no extra page load).

Speed (the aim: under 25 s on two cores; axe's cost grows with the number of
elements on a page):

- only the rules that can report a serious or critical violation run;
- the header, tabs and navigation sidebar (one template) are checked whole on
  WHOLE_PAGES pages, the rest of every page on every page;
- a code block's token spans, thousands in a few dozen styles, are cut to one per
  style before the structural rules run (their text stays: blocks keep their size);
- the colour rules see one element per text style (colour, font, decoration,
  background, the box it sits in: see SIGN), each style in both schemes, on the
  first page where it occurs;
- pages are checked in parallel, one tab per core (TABS).

Chromium comes from the system, as for tests/test_browser.py: without it this file
is skipped locally, and fails under CI=true.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass, field

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, serve  # skips/fails without Chromium

FAILING_IMPACTS = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MIN_TEXT_PX = 11
TABS = max(2, min(4, os.cpu_count() or 2))  # pages checked at once

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# The rules of these tags that can fail the test: axe gives a rule's violations
# the rule's impact, so a minor or moderate rule never reports a serious one.
CAN_FAIL = """(tags) => axe.getRules(tags)
  .filter((rule) => !rule.tags.includes('deprecated'))
  .map((rule) => axe._audit.rules.find((r) => r.id === rule.ruleId))
  .filter((rule) => !['minor', 'moderate'].includes(rule.impact))
  .map((rule) => rule.id)"""
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
COLOURS = {"runOnly": {"type": "rule", "values": COLOUR_RULES}}
PHONE_RULES = {"runOnly": {"type": "rule", "values": ["scrollable-region-focusable"]}}
# The header, tabs and navigation sidebar come from one template, the same on
# every page but for which link is current: checked whole on these pages, left
# out elsewhere (the page-level rules still see the whole page).
WHOLE_PAGES = {"/", "/404.html", "/tensorflow/devices/"}
CONTENT = "{exclude: [['.md-header'], ['.md-tabs'], ['.md-sidebar--primary']]}"

# What a reader opens is checked too: axe skips hidden content, so every fold is
# opened and every tab of a tab set shown (the answers to the "predict first"
# questions, the data tables, the other tabs' code).
UNFOLD = """() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const style = document.createElement('style');
  style.textContent = '.md-typeset .tabbed-set > .tabbed-content > .tabbed-block '
    + '{ display: block !important; }';
  document.head.appendChild(style);
}"""

# Colours are checked as they end, not halfway through Material's transitions.
# Every element laid out, also those that extra.css lets the browser skip while off
# screen (content-visibility: auto): axe must see and check them all.
STILL = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
    " * { content-visibility: visible !important; }"
)
# The page as a reader finds it: two frames after load (a ResizeObserver reports
# within them), a11y.js's queue of scroll boxes to check empty (it works through it
# in slices), sidebars scrolled to their top. (Material sometimes scrolls the
# navigation sidebar by a few pixels while the page loads, depending on timing; then
# its sticky section title covers part of the first link under it, and axe's
# target-size rule fails at random.)
SETTLE = """() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(
  function settled() {
    if (document.documentElement.getAttribute('data-hw-a11y') !== 'done') {
      return setTimeout(settled, 10);
    }
    document.querySelectorAll('.md-sidebar__scrollwrap').forEach((el) => { el.scrollTop = 0; });
    done();
  })))"""
# A scheme is applied as Material's palette toggle does. Returns the page's
# background, to show that it took effect.
SET_SCHEME = """(scheme) => {
  document.body.setAttribute('data-md-color-scheme', scheme);
  return getComputedStyle(document.body).backgroundColor;
}"""
# A page's content is thousands of elements (code token spans, table cells) in a
# few dozen styles, and axe's cost grows with the number of elements on the page.
# SIGN records, for every element of the content that holds text (and every link),
# its style in the current scheme: colour, font, decoration, opacity, fill,
# background, the box it sits in, and for a link the colour and display of the
# element around it and whether its block has other text. PRUNE then keeps the
# first element of each style (styles in both schemes): with "code", every other
# span of a code block gives way to its text (lines keep their length: monospace;
# blocks scroll as before); with "all", every other element of the content that
# holds no first element (or, given a list of styles, no first element of one of
# them) is removed, and on pages not in WHOLE_PAGES the header, navigation and
# footer too.
# Returns [elements with text, styles, elements pruned].
SIGN = """() => {
  const keys = window.hwStyles || (window.hwStyles = new Map());
  const backgrounds = new Map();
  const background = (el) => {
    if (!el) return '';
    if (!backgrounds.has(el)) {
      const s = getComputedStyle(el);
      backgrounds.set(el, s.backgroundImage !== 'none' ? 'image'
        : s.backgroundColor !== 'rgba(0, 0, 0, 0)' ? s.backgroundColor
        : background(el.parentElement));
    }
    return backgrounds.get(el);
  };
  for (const el of document.querySelectorAll('.md-content *')) {
    if (el.tagName !== 'A'
        && !Array.prototype.some.call(el.childNodes, (n) => n.nodeType === 3 && n.data.trim())) {
      continue;
    }
    const s = getComputedStyle(el);
    const box = el.closest('.admonition, details, .tabbed-block, .hll, pre, table, svg');
    let link = '';
    if (el.tagName === 'A') {
      // What axe's link-in-text-block looks at: the text around the link.
      const parent = getComputedStyle(el.parentElement);
      const block = el.closest('p, li, td, th, dd, dt, figcaption, h1, h2, h3, h4, h5, h6, div');
      const around = block && block.textContent.trim().length > el.textContent.trim().length;
      link = [parent.color, parent.display, around].join('|');
    }
    keys.set(el, (keys.get(el) || '') + '#' + [el.tagName, s.color, s.fontSize, s.fontWeight,
      s.fontStyle, s.textDecorationLine, s.opacity, s.fill, background(el), box && box.className,
      link].join('|'));
  }
}"""
STYLES = "() => Array.from(new Set(window.hwStyles.values()))"
PRUNE = """([scope, whole, keep]) => {
  const seen = new Set();
  const first = new Set();
  for (const [el, key] of window.hwStyles) {
    if (!seen.has(key)) {
      seen.add(key);
      if (!keep || keep.includes(key)) first.add(el);
    }
  }
  const holds = new Set();
  for (const el of first) for (let e = el; e && !holds.has(e); e = e.parentElement) holds.add(e);
  let pruned = 0;
  if (scope === 'code') {
    const named = 'a, button, input, aside, img, svg, [tabindex], [role], [aria-label], '
      + '[aria-labelledby], [aria-describedby], [aria-hidden]';
    for (const el of document.querySelectorAll('.md-content pre code *')) {
      if (!first.has(el) && !el.closest('.md-annotation') && !el.matches(named)
          && !el.querySelector(named)) {
        el.replaceWith(...el.childNodes);
        pruned++;
      }
    }
  } else {
    const chrome = whole ? [] : document.querySelectorAll(
      '.md-header, .md-tabs, .md-sidebar, .md-footer, .md-top');
    for (const el of [...document.querySelectorAll('.md-content *'), ...chrome]) {
      if (el.isConnected && !holds.has(el)) { el.remove(); pruned++; }
    }
  }
  return [window.hwStyles.size, seen.size, pruned];
}"""
# Marks every element whose content overflows it, sideways or down: a superset of
# the boxes that scroll (and so must be reachable by keyboard).
MARK_OVERFLOWING = """() => {
  for (const el of document.querySelectorAll('body *')) {
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
      el.setAttribute('data-hw-overflows', '');
    }
  }
}"""
# Words of a chart or diagram that the browser does not draw: an HTML element in
# an SVG <text> (say an <abbr> that Markdown's abbreviations put there) is dropped.
SVG_LOST_WORDS = """() => Array.from(
  document.querySelectorAll('.md-content svg text *:not(tspan, textPath, title, desc)'),
  (el) => `<${el.tagName.toLowerCase()}>${el.textContent}`)"""
UNMARK = """() => document.querySelectorAll('[data-hw-overflows]')
  .forEach((el) => el.removeAttribute('data-hw-overflows'))"""
# On-screen size of every SVG text in the content (charts, diagrams): its
# computed font size times its SVG's scale on screen.
SVG_TEXT = """() => Array.from(document.querySelectorAll('.md-content svg text'), (t) => {
  if (!t.getBoundingClientRect().width) return null;
  const m = t.getScreenCTM();
  const svg = t.closest('svg');
  return {
    px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b),
    text: t.textContent.trim().slice(0, 40),
    svg: (svg.getAttribute('aria-label') || svg.querySelector('title')?.textContent || '')
      .slice(0, 60),
  };
}).filter(Boolean)"""


@dataclass
class Audit:
    pages: list[str] = field(default_factory=list)
    backgrounds: dict[str, set[str]] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)  # desktop, light and dark
    small_text: list[str] = field(default_factory=list)  # 390 px: SVG text
    lost_words: list[str] = field(default_factory=list)  # SVG text not drawn
    errors: list[str] = field(default_factory=list)  # console and script errors, by page
    foreign: list[str] = field(default_factory=list)  # requests that left the site
    untitled: list[str] = field(default_factory=list)  # pages without a visible <h1>
    styles: set[str] = field(default_factory=set)  # text styles whose colours were checked


def _failures(path: str, where: str, results: dict) -> list[str]:
    found = []
    for rule in results["violations"]:
        if rule["impact"] not in FAILING_IMPACTS:
            continue
        targets = [" ".join(map(str, node["target"])) for node in rule["nodes"]]
        shown = "; ".join(targets[:5])
        if len(targets) > 5:
            shown += f"; and {len(targets) - 5} more"
        found.append(
            f"{path} [{where}] {rule['id']} ({rule['impact']}, {len(targets)} elements: "
            f"{rule['help']}): {shown}"
        )
    return found


async def _axe(page, options: dict, context: str = "document") -> dict:
    # Only css-orientation-lock reads style sheets (preload): not worth fetching them.
    options = {**options, "resultTypes": ["violations"], "preload": False}
    return await page.evaluate(f"axe.run({context}, {json.dumps(options)})")


async def _check(page, url: str, path: str, audit: Audit, structure: dict, watch: dict) -> None:
    whole = path in WHOLE_PAGES
    # The tab is at desktop width (a page loaded while the width changes can keep a
    # mixed layout: Material's navigation, say).
    await page.goto(url, wait_until="load")
    await page.wait_for_selector("html[data-hw-a11y=done]", state="attached")  # docs/assets/a11y.js
    await page.add_style_tag(content=STILL)
    await page.evaluate(SETTLE)
    if not await page.locator("h1").first.is_visible():
        audit.untitled.append(path)
    await page.evaluate(UNFOLD)
    await page.evaluate(SETTLE)  # a11y.js checks a fold's scroll boxes as it opens
    # The page as loaded has been seen: what follows (pruning, scheme and width
    # changes) is this test's doing, and Material's scripts may well complain.
    watch["live"] = False

    # The styles in both schemes (see SIGN), then one code token span per style.
    for scheme, name in (("slate", "dark"), ("default", "light")):
        audit.backgrounds.setdefault(name, set()).add(await page.evaluate(SET_SCHEME, scheme))
        await page.evaluate(SIGN)
    await page.evaluate(PRUNE, ["code", whole, None])

    # Light, desktop width: every rule but the colour ones (the header, tabs and
    # navigation sidebar, one template, on WHOLE_PAGES pages only).
    where = "document" if whole else CONTENT
    audit.violations += _failures(path, "light", await _axe(page, structure, where))

    # Phone width: boxes that scroll (axe sees the elements whose content overflows
    # them, and what they hold), text in charts and diagrams.
    await page.set_viewport_size(PHONE)
    await page.wait_for_function("() => window.innerWidth === 390")
    await page.evaluate(SETTLE)  # a11y.js updates scroll boxes from a ResizeObserver
    await page.evaluate(MARK_OVERFLOWING)
    audit.violations += _failures(
        path, "light, 390 px", await _axe(page, PHONE_RULES, "{include: [['[data-hw-overflows]']]}")
    )
    for text in await page.evaluate(SVG_TEXT):
        if text["px"] < MIN_TEXT_PX - 0.05:
            audit.small_text.append(
                f"{path}: {text['px']:.1f} px, '{text['text']}' in '{text['svg']}'"
            )
    audit.lost_words += [f"{path}: {lost}" for lost in await page.evaluate(SVG_LOST_WORDS)]
    await page.evaluate(UNMARK)  # out of the selectors that later failures name

    # The colour rules, on one element per style not checked on an earlier page, in
    # both schemes, at desktop width.
    new = [style for style in await page.evaluate(STYLES) if style not in audit.styles]
    audit.styles.update(new)
    await page.evaluate(PRUNE, ["all", whole, None if whole else new])
    await page.set_viewport_size(DESKTOP)
    if not (new or whole):
        return
    audit.violations += _failures(path, "light", await _axe(page, COLOURS))
    await page.evaluate(SET_SCHEME, "slate")
    audit.violations += _failures(path, "dark", await _axe(page, COLOURS))


def _local(url: str, base: str) -> bool:
    """A request that stays on the site (or needs no network: data:, blob:)."""
    return url.startswith((base + "/", "data:", "blob:", "about:"))


async def _audit(base: str, pages: list[str], empty_index: dict) -> Audit:
    from axe_playwright_python.base import AXE_SCRIPT
    from playwright.async_api import async_playwright

    audit = Audit(pages=sorted(pages))
    todo = list(reversed(pages))  # popped from the end: in the order given
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        async def tab():
            # A context each: each gets its own renderer process, so the cores all work.
            context = await browser.new_context(viewport=DESKTOP, reduced_motion="reduce")
            await context.add_init_script(AXE_SCRIPT)
            # Material builds its search index in a worker on every page load: CPU
            # the other tabs need. It gets an index without documents (search's
            # markup is checked all the same; tests/test_browser.py searches).
            await context.route(
                "**/search/search_index.json", lambda route: route.fulfill(json=empty_index)
            )
            page = await context.new_page()
            # The page being loaded, for the listeners: live from the moment its
            # document replaces the last one (whose pruned remains may still complain
            # while the navigation starts) until _check starts changing it.
            watch = {"path": "", "url": "", "live": False}
            page.on(
                "framenavigated",
                lambda f: f == page.main_frame and watch.update(live=f.url == watch["url"]),
            )

            def error(text: str) -> None:
                if watch["live"]:
                    audit.errors.append(f"{watch['path']}: {text}")

            page.on("console", lambda m: m.type == "error" and error(f"console: {m.text}"))
            page.on("pageerror", lambda e: error(f"script: {e}"))
            page.on(
                "request",  # at any moment: nothing this test does should leave the site
                lambda r: _local(r.url, base) or audit.foreign.append(f"{watch['path']}: {r.url}"),
            )
            await page.goto(base + "/404.html")
            rules = [r for r in await page.evaluate(CAN_FAIL, WCAG) if r not in COLOUR_RULES]
            structure = {"runOnly": {"type": "rule", "values": rules}}
            while todo:
                path = todo.pop()
                watch.update(path=path, url=base + path, live=False)
                await _check(page, base + path, path, audit, structure, watch)
            await context.close()

        await asyncio.gather(*(tab() for _ in range(TABS)))
        await browser.close()
    return audit


@pytest.fixture(scope="module")
def audit(built_site) -> Audit:
    # The largest pages first, so that the tabs finish together. The print page is
    # every other page's content again (2.5 MB; axe alone would take a minute): its
    # chapters are checked here on their own pages, and tests/test_print_page.py
    # checks what the print page changes (ids, links) and that it loads cleanly.
    files = sorted(
        (html for html in built_site.rglob("*.html") if html.parent.name != "print"),
        key=lambda html: -html.stat().st_size,
    )
    pages = ["/" + str(html.relative_to(built_site)).removesuffix("index.html") for html in files]
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    with serve(built_site) as base:
        return asyncio.run(_audit(base, pages, {"config": index["config"], "docs": []}))


def test_every_page_was_checked_in_both_schemes(audit):
    assert len(audit.pages) >= 20, audit.pages
    assert {"/", "/404.html", "/hardware/", "/lab/gpu-training/"} <= set(audit.pages)
    # The scheme took effect: one page background per scheme, white and Material's slate.
    assert audit.backgrounds == {"light": {"rgb(255, 255, 255)"}, "dark": {"rgb(30, 33, 41)"}}


def test_every_page_renders_without_errors_or_foreign_requests(audit):
    assert not audit.untitled, f"pages without a visible <h1>: {audit.untitled}"
    assert not audit.errors, "console or script errors:\n" + "\n".join(audit.errors)
    assert not audit.foreign, "requests that left the site:\n" + "\n".join(audit.foreign)


def test_no_serious_axe_violation_in_light_or_dark(audit):
    assert not audit.violations, (
        "axe-core found (a colour failure is listed once per style, on the first page "
        "that has it):\n" + "\n".join(audit.violations)
    )


def test_chart_and_diagram_text_readable_on_a_phone(audit):
    assert not audit.small_text, (
        f"SVG text under {MIN_TEXT_PX} px on screen at 390 px wide:\n" + "\n".join(audit.small_text)
    )


def test_chart_and_diagram_text_is_all_drawn(audit):
    by_page: dict[str, list[str]] = {}
    for lost in audit.lost_words:
        page, word = lost.split(": ", 1)
        by_page.setdefault(page, []).append(word)
    assert not by_page, (
        "HTML elements inside SVG text, which browsers do not draw (for <abbr>: keep "
        "Markdown's abbreviations out of inline SVG):\n"
        + "\n".join(f"{page}: {', '.join(sorted(set(words)))}" for page, words in by_page.items())
    )
