"""The offline edition: the whole site in one zip, readable from files, no network.

    make offline               # strict build with OFFLINE=true, then this
    python -m hwguide.offline site-offline hwguide-offline.zip

The build uses Material's offline plugin (``OFFLINE=true``, see mkdocs.yml): page
addresses end in ``.html`` instead of directories, and search runs from files.
This module checks the result and packs it:

- every link and every file a page loads (``href``, ``src``) that stays inside the
  site must name a file that exists in it: a link to a folder works on a web server
  (``index.html``) but not from files;
- nothing may point outside the site with an absolute path (``/assets/...``),
  which from files means the root of the reader's disk.

Pages that read files with ``fetch()`` (the estimator and the compare page) cannot
do so from ``file://``: they say so and how to serve the folder (two lines of
Python). Everything else, search included, works from files.

The site build picks the zip up when it exists at the repository root (the pages
workflow runs ``make offline`` first) and links it from the home page; a build
without it says how to make one.
"""

from __future__ import annotations

import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ZIP_NAME = "hwguide-offline.zip"
#: Pages only a web server shows (for a missing address): left out of the edition.
#: MkDocs writes 404.html with root-absolute addresses, as it may be served anywhere.
SERVER_ONLY = {"404.html"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append((self.getpos()[0], value))


def links(html: str) -> list[tuple[int, str]]:
    """(line, address) of every href and src in ``html``."""
    parser = _Links()
    parser.feed(html)
    return parser.found


def problems(site: Path) -> list[str]:
    """What would not work when the edition is opened from files, as
    ``page.html:line: address: why``."""
    found = []
    for page in sorted(site.rglob("*.html")):
        if page.name in SERVER_ONLY:
            continue
        where = page.relative_to(site).as_posix()
        for line, address in links(page.read_text(encoding="utf-8")):
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, mailto:, data:, or a fragment of this page
            if parts.path.startswith("/"):
                found.append(f"{where}:{line}: {address}: absolute (from files: the disk's root)")
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                found.append(f"{where}:{line}: {address}: a folder (from files, no index.html)")
            elif not target.is_file():
                found.append(f"{where}:{line}: {address}: no such file in the edition")
            elif site.resolve() not in target.parents:
                found.append(f"{where}:{line}: {address}: outside the edition")
    return found


def pack(site: Path, destination: Path) -> int:
    """Zip ``site`` under one top folder (``hwguide/``); returns the file count."""
    files = sorted(p for p in site.rglob("*") if p.is_file() and p.name not in SERVER_ONLY)
    tmp = destination.with_suffix(".partial")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            archive.write(path, "hwguide/" + path.relative_to(site).as_posix())
    tmp.replace(destination)  # never a half-written zip under the real name
    return len(files)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m hwguide.offline SITE_DIR ZIP", file=sys.stderr)
        return 2
    site, destination = Path(args[0]), Path(args[1])
    if not (site / "index.html").is_file():
        print(f"{site}: no index.html; build it with OFFLINE=true first", file=sys.stderr)
        return 2
    if (site / "tools" / "estimator" / "index.html").is_file():
        print(f"{site}: built with directory URLs; build with OFFLINE=true", file=sys.stderr)
        return 2
    if found := problems(site):
        print("the offline edition would break here:", *found[:50], sep="\n  ", file=sys.stderr)
        if len(found) > 50:
            print(f"  ... and {len(found) - 50} more", file=sys.stderr)
        return 1
    count = pack(site, destination)
    size = destination.stat().st_size / 2**20
    print(f"wrote {destination}: {count} files, {size:.1f} MiB; open hwguide/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
