"""The lab notebook's page: mkdocs-jupyter's HTML, reshaped to read like a chapter.

mkdocs-jupyter renders an executed notebook with nbconvert's JupyterLab template:
half a megabyte of inlined JupyterLab and Pygments CSS, scripts (a clipboard
element, MathJax and Mermaid loaders that point at a CDN), every cell nested six
``<div>`` deep, and a hidden second copy of each code cell for its copy button.
:func:`reshape` keeps only the content and writes it as Material writes a chapter:

- markdown cells become the page's own headings and paragraphs, at the top level,
  so that search splits the page by heading (code and output included) and the
  permalinks are Material's ``headerlink``;
- code cells become ``<div class="language-python highlight"><pre><code>``
  blocks, coloured by Material's own highlight CSS in light and dark, with
  Material's copy button; prompts (``In [3]:``) are dropped;
- text output goes into an "Output" box like the chapters' captured output;
  Markdown and HTML output (a table) goes in as it is, minus styles and scripts;
- an image must be followed by a Markdown cell tagged ``caption``: it becomes the
  image's ``<figcaption>`` and its alt text. An SVG chart is inlined, with
  matplotlib's black and white replaced by the page's colours, so it follows the
  light/dark scheme (see :func:`inline_svg`).

the lab section of ``docs/assets/extra.css`` styles what remains.
"""

from __future__ import annotations

import base64
import html as htmllib
import math
import re
from dataclasses import dataclass

CAPTION_TAG = "caption"
NOT_RUN = "not run"
#: The smallest chart text on screen, in CSS px, at the SVG's minimum width
#: (as for the chapters' charts, src/hwguide/render/charts.py).
MIN_SCREEN_PX = 11

_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)
_TEXT_MIMES = {
    "text/plain": "",
    "application/vnd.jupyter.stderr": " (stderr)",
    "application/vnd.jupyter.stdin": " (input)",
}


class NotebookPageError(Exception):
    """The notebook's HTML has something this page cannot show faithfully."""


@dataclass
class _Figure:
    body: str  # <img> or <div class="chart">…<svg>
    kind: str  # "img" or "svg"
    where: str  # for messages: the code cell's id
    caption_html: str = ""
    caption_text: str = ""

    def render(self) -> str:
        if not self.caption_text:
            raise NotebookPageError(
                f"the image made by code cell {self.where} has no caption: put a Markdown "
                f'cell tagged "{CAPTION_TAG}" right after that code cell (in a jupytext '
                f'script: `# %% [markdown] tags=["{CAPTION_TAG}"]`). It is shown under the '
                "image and is its alt text."
            )
        label = htmllib.escape(self.caption_text, quote=True)
        attribute = "alt" if self.kind == "img" else "aria-label"
        body = self.body.replace("\x00LABEL\x00", f'{attribute}="{label}"', 1)
        return (
            f'<figure class="nb-figure">{body}<figcaption>{self.caption_html}</figcaption></figure>'
        )


def reshape(html: str, banner: str = "") -> str:
    """mkdocs-jupyter's HTML for one notebook -> the page content; ``banner``
    (HTML) is placed right after the notebook's title (its first ``<h1>``)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_STYLE.sub("", html), "html.parser")
    notebook = soup.find("div", class_="jp-Notebook")
    if notebook is None:
        raise NotebookPageError(
            "mkdocs-jupyter's HTML has no <div class='jp-Notebook'>: its template changed, "
            "so src/hwguide/render/notebook.py must be updated to match"
        )
    parts: list[str | _Figure] = []
    # After a code cell: the figure it showed (waiting for its caption), or
    # NOT_RUN when it has no output at all (a notebook that was never executed).
    waiting: _Figure | str | None = None
    for cell in _cells(notebook):
        classes = cell.get("class", [])
        if "jp-MarkdownCell" in classes:
            markdown = cell.find("div", class_="jp-RenderedMarkdown")
            if markdown is None:
                continue
            if f"celltag_{CAPTION_TAG}" in markdown.get("class", []):
                if isinstance(waiting, _Figure):
                    inner = markdown.find("p") if len(markdown.find_all("p")) == 1 else None
                    waiting.caption_html = _inner(inner or markdown).strip()
                    waiting.caption_text = _text(markdown)
                elif waiting != NOT_RUN:  # not run: no image, so no caption either
                    raise NotebookPageError(
                        f"the Markdown cell tagged {CAPTION_TAG!r} that begins "
                        f"{_text(markdown)[:60]!r} does not follow a code cell that shows "
                        "an image"
                    )
                waiting = None
                continue
            waiting = None
            parts.append(_markdown(markdown))
        elif "jp-CodeCell" in classes:
            waiting = NOT_RUN
            parts.append(_code_input(cell))
            for output in _outputs(cell):
                parts.append(output)
                if isinstance(output, _Figure):
                    waiting = output
                elif waiting == NOT_RUN:
                    waiting = None
        # Raw cells are not shown (nbconvert does not render them either).
    content = "\n".join(p.render() if isinstance(p, _Figure) else p for p in parts)
    end = content.find("</h1>")
    if banner and end >= 0:
        content = content[: end + 5] + "\n" + banner + content[end + 5 :]
    else:
        content = banner + content
    # No wrapper: the headings stay at the top level, where Material's search
    # splits the page into one entry per section (the <h1>'s being the page's).
    return content + "\n"


def _cells(notebook):
    """The notebook's cells in order (mkdocs-jupyter wraps each code cell twice)."""
    for cell in notebook.find_all("div", class_="jp-Cell", recursive=False):
        inner = cell.find("div", class_="jp-Cell", recursive=False)
        yield inner if inner is not None else cell


def _markdown(markdown) -> str:
    for link in markdown.select("a.anchor-link"):
        link["class"] = ["headerlink"]
        link["title"] = "Permanent link"
    for block in markdown.select("div.highlight"):
        _code_block(block, language="")
    for element in markdown.select("script, style"):
        element.decompose()
    return _inner(markdown).strip()


def _code_input(cell) -> str:
    block = cell.select_one("div.highlight-ipynb")
    if block is None:  # the input is hidden (no_input / show_input: false)
        return ""
    language = next(
        (c.removeprefix("hl-") for c in block.get("class", []) if c.startswith("hl-")),
        "python",
    )
    _code_block(block, language)
    return str(block)


def _code_block(block, language: str) -> None:
    """``<div class="…"><pre><span></span>tokens</pre></div>`` -> the markup of the
    chapters' code blocks (pymdownx.highlight): Material styles the tokens and
    gives the block its copy button."""
    pre = block.find("pre")
    if pre is not None and pre.find("code", recursive=False) is None:
        code = block.new_tag("code")
        for child in list(pre.contents):
            if getattr(child, "name", None) == "span" and not child.contents:
                continue  # Pygments' empty lead <span></span> stays before <code>
            code.append(child.extract())
        pre.append(code)
    block["class"] = ([f"language-{language}"] if language else []) + ["highlight"]


def _outputs(cell):
    """One cell's outputs: consecutive text outputs of one kind are one block."""
    pending: list[str] = []
    pending_kind = ""

    def flush():
        nonlocal pending
        if pending:
            text = htmllib.escape("".join(pending).rstrip("\n"), quote=False)
            pending = []
            return _output_box(
                f'<div class="language-text highlight"><pre><span></span><code>{text}'
                "</code></pre></div>",
                pending_kind,
            )
        return None

    where = cell.get("id", "").removeprefix("cell-id=") or "?"
    for output in cell.select("div.jp-OutputArea-output"):
        mime = output.get("data-mime-type", "")
        classes = output.get("class", [])
        if mime in _TEXT_MIMES:
            if pending and pending_kind != _TEXT_MIMES[mime]:
                yield flush()
            pending_kind = _TEXT_MIMES[mime]
            pre = output.find("pre")
            pending.append((pre or output).get_text())
            continue
        box = flush()
        if box:
            yield box
        if mime in ("text/markdown", "text/html"):
            for element in output.select("script, style, link"):
                element.decompose()
            yield _output_box(_markdown(output), "")
        elif "jp-RenderedSVG" in classes or "jp-RenderedImage" in classes:
            yield _figure(output, where)
        else:
            raise NotebookPageError(
                f"code cell {where} has an output of a kind this page does not show "
                f"({mime or ' '.join(classes)}): show it as text, Markdown, HTML or an image"
            )
    box = flush()
    if box:
        yield box


def _output_box(body: str, kind: str) -> str:
    return (
        f'<div class="admonition output nb-output"><p class="admonition-title">Output{kind}</p>'
        f"\n{body}\n</div>"
    )


def _figure(output, where: str) -> _Figure:
    svg = output.find("svg")
    img = output.find("img")
    if svg is not None:
        return _Figure(_chart(str(svg)), "svg", where)
    src = img.get("src", "") if img is not None else ""
    prefix = "data:image/svg+xml;base64,"
    if src.startswith(prefix):
        return _Figure(_chart(base64.b64decode(src[len(prefix) :]).decode("utf-8")), "svg", where)
    if not src.startswith("data:image/"):
        raise NotebookPageError(f"code cell {where} shows an image that is not embedded: {src!r}")
    attributes = "".join(
        f' {name}="{htmllib.escape(str(img[name]), quote=True)}"'
        for name in ("width", "height")
        if img.get(name)
    )
    return _Figure(f'<img src="{src}"{attributes} \x00LABEL\x00>', "img", where)


def _chart(svg: str) -> str:
    # Its tick labels are noise to search; the caption says what it shows.
    return f'<div class="chart nb-chart" data-search-exclude>{inline_svg(svg)}</div>'


def inline_svg(svg: str) -> str:
    """A matplotlib SVG, ready to sit in the page and follow its colour scheme.

    matplotlib's defaults are black ink on white: black becomes ``currentColor``
    (text, axes, ticks; text without a colour inherits it from the root), white
    becomes the chart card's background, and the Okabe-Ito colours of the
    chapters' charts become their per-scheme shades (``--hw-chart-N``, in
    docs/assets/extra.css). The root gets a minimum width at which its smallest
    text is ``MIN_SCREEN_PX`` on screen (narrower screens scroll it sideways),
    ``role="img"`` and a placeholder for its label. Its ``<style>`` (which, inline,
    would apply to the whole page) becomes attributes of the root.
    """
    from .charts import PALETTE, ROOT_STROKE, without_page_style

    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = without_page_style(svg)
    svg = re.sub(r"#000000\b", "currentColor", svg, flags=re.I)
    svg = re.sub(r"#ffffff\b", "var(--md-code-bg-color)", svg, flags=re.I)
    for i, colour in enumerate(PALETTE):
        svg = re.sub(
            rf"(?<=[:,] ){colour}\b", f"var(--hw-chart-{i + 1}, {colour})", svg, flags=re.I
        )
    # matplotlib names every group (id="text_1"): on a page, only the ids that the
    # SVG refers to (clip paths, markers) may stay, or two charts would clash.
    used = set(re.findall(r"#([\w.-]+)\)?\"", svg))
    svg = re.sub(r' id="([^"]+)"', lambda m: m[0] if m[1] in used else "", svg)
    svg = "\n".join(line for line in svg.split("\n") if line.strip())  # raw HTML: no blank lines
    view = re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) [\d.]+"', svg, flags=re.I)
    sizes = [float(s) for s in re.findall(r"font-size: ?([\d.]+)px", svg)]
    style = ""
    if view and sizes:
        width = float(view[1]) * MIN_SCREEN_PX / min(sizes)
        style = f' style="min-width: {math.ceil(width)}px"'
    root = re.match(r"<svg\b[^>]*>", svg)
    attributes = re.sub(r'\s(?:width|height)="[^"]*"', "", root[0][4:-1])
    return (
        f'<svg width="100%"{style} fill="currentColor" {ROOT_STROKE} '
        f'role="img" \x00LABEL\x00{attributes}>' + svg[root.end() :]
    )


def banner(
    *,
    notebook_name: str,
    colab_url: str | None,
    provenance: str | None,
    machine: str | None = None,
    lab_size: str | None = None,
    has_gpu: bool | None = None,
    stale: str | None = None,
) -> str:
    """The box under the title: what ran, where, and where to get the notebook.

    ``provenance`` is HTML (the capture's session line); ``stale`` is HTML saying
    how to refresh a capture older than the notebook's source, or None."""
    links = [f'<a href="{notebook_name}" download>Download the notebook</a>']
    if colab_url:
        links.append(
            f'<a href="{colab_url}">Open in Colab</a> (free GPUs: run the GPU half yourself)'
        )
    if provenance is None:
        body = "<p>This notebook has not been captured yet, so no outputs are shown.</p>"
    else:
        size = {
            "full": "a full-size run (<code>LAB_SIZE=full</code>)",
            "small": (
                "a reduced run (<code>LAB_SIZE=small</code>: too few steps to say anything "
                "about speed)"
            ),
        }.get(lab_size or "", f"a run with <code>LAB_SIZE={lab_size}</code>")
        what = f"The outputs below are from {size} on <strong>{machine}</strong>."
        if has_gpu is False:
            what += (
                " That machine has no GPU, so <strong>only the CPU half of the lab ran</strong>:"
                " the GPU column reads “no GPU” and the chart has no GPU line. Run the notebook"
                " on a GPU to see the comparison."
            )
        elif has_gpu:
            what += " It has a GPU, so both halves of the lab ran."
        recorded = f"Recorded: {provenance}." + (f" {stale}" if stale else "")
        body = f'<p>{what}</p><p class="nb-provenance">{recorded}</p>'
    return (
        '<div class="admonition info notebook-provenance" data-search-exclude>'
        '<p class="admonition-title">About this notebook</p>'
        f"{body}<p>{' · '.join(links)}</p></div>"
    )


def _inner(element) -> str:
    return "".join(str(child) for child in element.contents)


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())
