"""The lab notebook's page reads like a chapter: light, legible, accessible, local.

Checked on the site that tests/conftest.py builds once (no build of its own), plus
one small notebook rendered by mkdocs-jupyter directly (about a second).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from hwguide.capture import notebooks
from hwguide.paths import DOCS

PAGE = "lab/gpu-training/index.html"
URL = "lab/gpu-training/"
#: Everything the page needs on first load: its HTML, stylesheets, scripts, images.
BUDGET = 500 * 1024
NO_ALT = "No description has been provided for this image"


@pytest.fixture(scope="module")
def page(built_site: Path) -> tuple[str, BeautifulSoup]:
    html = (built_site / PAGE).read_text(encoding="utf-8")
    return html, BeautifulSoup(html, "html.parser")


def _article(soup: BeautifulSoup):
    article = soup.find("article")
    assert article is not None, "the page has no <article>"
    return article


LOADING = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}


def _loaded(soup: BeautifulSoup) -> list[str]:
    """URLs the page loads by itself: stylesheets, scripts, images, icons."""
    urls = [
        link["href"]
        for link in soup.find_all("link", href=True)
        if LOADING & set(link.get("rel", []))
    ]
    urls += [tag["src"] for tag in soup.find_all(["script", "img", "iframe", "source"], src=True)]
    config = soup.find("script", id="__config")  # Material's: its search worker's script
    if config is not None and json.loads(config.string).get("search"):
        urls.append(json.loads(config.string)["search"])
    return urls


def test_no_jupyterlab_css_scripts_or_prompts(page):
    html, soup = page
    article = _article(soup)
    assert not article.find_all("style"), "inlined <style> in the page content"
    assert not article.find_all("script"), "scripts in the page content"
    for leftover in ("--jp-", "jupyter-wrapper", "clipboard-copy", "MathJax", "mermaid"):
        assert leftover not in html, f"mkdocs-jupyter's {leftover!r} is still in the page"
    assert not re.search(r"\bIn\s*\[\d*\]:", article.get_text()), "input prompts are shown"


def test_first_load_is_under_budget(page, built_site):
    """The page and what it loads (Material's CSS and JS, the chart inlined) stay
    under 500 KiB, uncompressed. The search index that Material's search worker
    fetches on a first visit is not counted: it is the site's, the same on every page."""
    html, soup = page
    sizes = {PAGE: len(html.encode("utf-8"))}
    for url in _loaded(soup):
        if url.startswith("data:"):
            continue  # already counted in the HTML
        path = urlparse(urljoin("https://site.invalid/" + URL, url)).path.lstrip("/")
        target = built_site / path
        if target.is_dir():
            target = target / "index.html"
        if target.is_file() and path != PAGE:
            sizes[path] = target.stat().st_size
    total = sum(sizes.values())
    listing = ", ".join(f"{p}: {s // 1024} KiB" for p, s in sorted(sizes.items()))
    assert total < BUDGET, f"first load is {total // 1024} KiB (> 500 KiB): {listing}"
    assert sizes[PAGE] < 200 * 1024, listing


def test_lab_styles_are_loaded(page):
    """The lab's few rules live in extra.css: one stylesheet less to block the first paint."""
    _, soup = page
    sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert any(href.endswith("assets/extra.css") for href in sheets), sheets
    css = (DOCS / "assets" / "extra.css").read_text(encoding="utf-8")
    assert "The lab notebook's page" in css, "the lab's rules are missing from extra.css"


def test_images_have_real_alt_text_and_captions(page):
    _, soup = page
    article = _article(soup)
    images = article.find_all("img")
    charts = article.select("svg[role=img]")
    assert charts or images, "the lab page shows no chart"
    for img in images:
        alt = (img.get("alt") or "").strip()
        assert len(alt) >= 20 and alt != NO_ALT, f"image without a real alt text: {img}"[:200]
    for svg in charts:
        assert len(svg.get("aria-label", "").strip()) >= 20, "chart without a real label"
    for figure in article.select("figure.nb-figure"):
        caption = figure.find("figcaption")
        assert caption is not None and caption.get_text(strip=True), "figure without caption"
    for svg in article.find_all("svg"):
        if svg.get("aria-hidden") == "true":
            continue  # icons
        assert svg.get("role") == "img" or svg.find_parent("a"), f"unnamed SVG: {str(svg)[:120]}"


def test_chart_follows_the_colour_scheme(page):
    """matplotlib's black and white become the page's colours; the chart can be
    read on a 390 px phone (its minimum width keeps text at 11 px or more)."""
    _, soup = page
    for svg in _article(soup).select(".nb-chart svg"):
        text = str(svg)
        assert "#000000" not in text.lower() and "#ffffff" not in text.lower()
        assert svg.get("fill") == "currentColor"
        assert not svg.find("style"), "an inline SVG's <style> applies to the whole page"
        width = re.search(r"min-width: (\d+)px", svg.get("style", ""))
        assert width and int(width[1]) <= 358, "the chart does not fit a 390 px phone"


def test_provenance_banner_follows_the_title(page):
    _, soup = page
    article = _article(soup)
    h1 = article.find("h1")
    assert h1 is not None
    banners = article.select(".notebook-provenance")
    assert len(banners) == 1
    assert h1.find_next_sibling() is banners[0], "the banner is not right after the title"
    text = banners[0].get_text(" ")
    assert "LAB_SIZE=" in text, "the banner does not say which size ran"
    assert banners[0].find("a", href="gpu-training.ipynb", download=True)


def test_banner_says_plainly_whether_the_gpu_half_ran(page, built_site):
    from hwguide.capture import store

    _, soup = page
    text = " ".join(soup.select_one(".notebook-provenance").get_text(" ").split())
    shown = json.loads((built_site / URL / "gpu-training.ipynb").read_text(encoding="utf-8"))
    runner = shown["metadata"]["hwguide"]["runner"]
    if store.load_all()[runner].kind == "cpu":
        assert "only the CPU half of the lab ran" in text, text
    else:
        assert "both halves of the lab ran" in text, text


def test_no_third_party_urls(page):
    _, soup = page
    foreign = [u for u in _loaded(soup) if urlparse(u).netloc or u.startswith("//")]
    assert foreign == [], f"the page loads from other hosts: {foreign}"


def test_code_cells_are_the_chapters_code_blocks(page):
    _, soup = page
    article = _article(soup)
    source = notebooks.read(notebooks.sources()[0])
    code_cells = [c for c in source.cells if c.cell_type == "code"]
    blocks = article.select("div.language-python.highlight > pre > code")
    assert len(blocks) == len(code_cells)
    assert article.select(".nb-output pre > code"), "no text output"


def test_search_has_one_entry_per_section_with_code(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = {e["location"]: e for e in index["docs"] if e["location"].startswith(URL)}
    assert len(entries) >= 8, list(entries)
    assert all(not e["title"].endswith("¶") for e in entries.values())
    measure = entries[URL + "#step-4-measure-fairly"]
    assert "def train_throughput" in measure["text"], "code is not in its section's entry"
    assert "def train_throughput" not in entries[URL]["text"]
    assert "Learning objectives" in entries[URL]["text"], "the title's section is not the page's"


def test_an_image_needs_a_caption_cell(tmp_path):
    """A notebook image must be followed by a Markdown cell tagged "caption": its
    caption and alt text."""
    import nbformat
    from mkdocs_jupyter import convert

    from hwguide.render import notebook

    png = (  # one pixel
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kg"
        "AAAABJRU5ErkJggg=="
    )
    cells = [
        nbformat.v4.new_markdown_cell("# Title\n\nText."),
        nbformat.v4.new_code_cell(
            "show()",
            outputs=[nbformat.v4.new_output("display_data", data={"image/png": png})],
        ),
    ]
    path = tmp_path / "nb.ipynb"
    path.write_text(nbformat.writes(nbformat.v4.new_notebook(cells=cells)), encoding="utf-8")
    html = convert.nb2html(str(path))
    with pytest.raises(notebook.NotebookPageError, match="caption"):
        notebook.reshape(html)
    caption = nbformat.v4.new_markdown_cell("A one-pixel image.", metadata={"tags": ["caption"]})
    path.write_text(
        nbformat.writes(nbformat.v4.new_notebook(cells=[*cells, caption])), encoding="utf-8"
    )
    out = BeautifulSoup(notebook.reshape(convert.nb2html(str(path)), "<p>B</p>"), "html.parser")
    assert out.find("img")["alt"] == "A one-pixel image."
    assert out.find("figcaption").get_text() == "A one-pixel image."
    assert out.find("h1").find_next_sibling().get_text() == "B"
    # A notebook that was never run has no image: its caption is left out.
    cells[1].outputs = []
    path.write_text(
        nbformat.writes(nbformat.v4.new_notebook(cells=[*cells, caption])), encoding="utf-8"
    )
    out = notebook.reshape(convert.nb2html(str(path)))
    assert "one-pixel" not in out and "<figure" not in out
