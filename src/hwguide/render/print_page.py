"""The whole guide on one page, for printing or saving as PDF (``docs/print.md``).

The build renders every page as usual; this module then puts their content, in
navigation order, into the print page: each page becomes a section whose id is
its slug (``hardware/gpu/`` -> ``hardware-gpu``). Moving HTML from its own page
into another one breaks three things, which are fixed here:

- **Ids collide** (every page has its own ``#fn:1``, ``#__tabbed_1_1``, headings
  such as ``#sources``): each id, and each reference to one (``for``, ``aria-*``,
  a tab group's ``name``), gets the section's slug as a prefix.
- **Links are relative to the page they came from**: a link to a page that is in
  the print page becomes a link to its section (with the prefixed anchor), any
  other link or image is made relative to the print page.
- **Folds hide content on paper**: every ``<details>`` is open (answers to the
  "predict first" questions, exercises), except the data folds (``class="info"``:
  "All ... measurements", "Data behind this chart"), tables of every measurement
  that would fill dozens of pages; their numbers are in the charts and the downloads.

Inline SVGs (charts and diagrams) are left exactly as they are: their ids and
references are their own, and they hold no links to pages.
"""

from __future__ import annotations

import html as htmllib
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

#: Where the chapters go in docs/print.md.
PLACEHOLDER = "<!-- print: chapters -->"

_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_ATTR = re.compile(
    r"(?P<before>\s)(?P<name>href|src|id|for|aria-labelledby|aria-describedby|aria-controls|name)"
    r'="(?P<value>[^"]*)"'
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_CLOSED_DETAILS = re.compile(r"<details(?![^>]*\sopen\b)(?![^>]*\sclass=\"info\")(?=[\s>])")


@dataclass(frozen=True)
class Chapter:
    """A rendered page: its URL (as MkDocs gives it, e.g. ``hardware/gpu/``), its
    title and its content HTML."""

    url: str
    title: str
    html: str


def slug(url: str) -> str:
    """``hardware/gpu/`` -> ``hardware-gpu``; ``tensorflow/xla.html`` -> ``tensorflow-xla``;
    the home page (``""`` or ``index.html``) -> ``home``."""
    path = url.removesuffix("index.html").removesuffix(".html").strip("/")
    return path.replace("/", "-") or "home"


def _page_path(url: str) -> str:
    """A URL's path as this module compares them: no leading slash, no index.html."""
    return url.lstrip("/").removesuffix("index.html")


def assemble(chapters: list[Chapter], here: str) -> str:
    """The chapters as sections of the page at URL ``here``, links and ids fixed."""
    sections = {_page_path(chapter.url): slug(chapter.url) for chapter in chapters}
    parts = []
    for chapter in chapters:
        body = _rewrite(chapter, sections, here)
        body = _CLOSED_DETAILS.sub("<details open", body)
        parts.append(
            f'<section class="hw-print-chapter" id="{slug(chapter.url)}" '
            f'aria-label="{htmllib.escape(chapter.title)}">\n{body}\n</section>'
        )
    return "\n".join(parts)


def contents(chapters: list[Chapter]) -> str:
    """A list of links to the sections, in order."""
    items = "".join(
        f'<li><a href="#{slug(chapter.url)}">{htmllib.escape(chapter.title)}</a></li>'
        for chapter in chapters
    )
    return f'<ol class="hw-print-contents">{items}</ol>'


def _rewrite(chapter: Chapter, sections: dict[str, str], here: str) -> str:
    prefix = slug(chapter.url) + "--"
    base = "http://site/" + chapter.url.lstrip("/")

    def fix(match: re.Match) -> str:
        name, value = match["name"], match["value"]
        if name == "id":
            new = prefix + value
        elif name in ("for", "aria-labelledby", "aria-describedby", "aria-controls"):
            new = " ".join(prefix + token for token in value.split())
        elif name == "name":  # a content tab group's radio buttons share a name
            new = prefix + value if value.startswith("__tabbed") else value
        elif name == "href" and value.startswith("#"):
            new = "#" + prefix + value[1:] if len(value) > 1 else value
        elif _SCHEME.match(value) or not value:
            new = value
        else:
            new = _relink(urljoin(base, htmllib.unescape(value)), sections, here, name)
        return f'{match["before"]}{name}="{new}"'

    pieces = []
    position = 0
    for svg in _SVG.finditer(chapter.html):
        pieces.append(_ATTR.sub(fix, chapter.html[position : svg.start()]))
        pieces.append(svg.group(0))
        position = svg.end()
    pieces.append(_ATTR.sub(fix, chapter.html[position:]))
    return "".join(pieces)


def _relink(absolute: str, sections: dict[str, str], here: str, attribute: str) -> str:
    """An address resolved against its own page -> one that works on the print page."""
    parts = urlsplit(absolute)
    path = _page_path(parts.path)
    if attribute == "href" and path in sections:
        anchor = sections[path]
        return "#" + (f"{anchor}--{parts.fragment}" if parts.fragment else anchor)
    here_dir = posixpath.dirname("/" + here.lstrip("/")) if not here.endswith("/") else "/" + here
    relative = posixpath.relpath("/" + parts.path.lstrip("/"), here_dir.rstrip("/") or "/")
    if parts.path.endswith("/") and relative != ".":
        relative += "/"
    elif relative == ".":
        relative = "./"
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return htmllib.escape(relative + query + fragment, quote=True)
