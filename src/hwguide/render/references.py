"""The References page: every "## Sources" list on the site, collected."""

from __future__ import annotations

import re
from pathlib import Path

LINK = re.compile(r"^\s*[-*]\s+(?P<item>.*\]\((?P<url>https?://[^)\s]+)\).*)$")


def sources(page: Path) -> list[tuple[str, str]]:
    """(url, bullet text) for each item under the page's "## Sources" heading."""
    found, inside = [], False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line.strip().lower() == "## sources"
            continue
        if inside:
            match = LINK.match(line)
            if match:
                found.append((match["url"], match["item"].strip()))
    return found


def heading(page: Path) -> str | None:
    """The page's first level-1 heading: its title before MkDocs has rendered it."""
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def render(docs: Path, pages: list[tuple[str, str | None]], here: str) -> str:
    """``pages``: (src_uri, title) in navigation order; ``here``: this page's src_uri.
    A title is None for a page MkDocs has not rendered yet: its heading is used."""
    depth = here.count("/")
    seen: dict[str, tuple[str, list[str]]] = {}
    for src_uri, title in pages:
        if src_uri == here or not src_uri.endswith(".md"):
            continue
        link = "../" * depth + src_uri
        title = title or heading(docs / src_uri) or src_uri
        for url, text in sources(docs / src_uri):
            entry = seen.setdefault(url, (text, []))
            entry[1].append(f"[{title}]({link})")
    if not seen:
        return "*No chapter lists sources yet.*\n"
    lines = [
        f"- {text} — cited in {', '.join(dict.fromkeys(where))}"
        for text, where in sorted(seen.values(), key=lambda e: e[0].lower())
    ]
    return (
        f"{len(seen)} sources, each listed once with the chapters that cite it.\n\n"
        + "\n".join(lines)
        + "\n"
    )
