"""The offline edition's check and packing (src/hwguide/offline.py), on small sites.

`make offline` builds the real edition and runs the same check (CI runs it after
`make test`); here each rule is shown on a page that breaks it.
"""

from __future__ import annotations

import re
import zipfile

import pytest

from hwguide import offline
from hwguide.paths import DOCS

pytestmark = pytest.mark.static


def site(tmp_path, pages: dict[str, str]):
    for name, html in pages.items():
        path = tmp_path / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return tmp_path / "site"


def test_links_that_work_from_files_pass(tmp_path):
    root = site(
        tmp_path,
        {
            "index.html": '<a href="a/b.html#x">b</a><a href="#top">top</a>'
            '<a href="https://example.org/">out</a><img src="data:image/png;base64,AA==">'
            '<script src="assets/x.js"></script>',
            "a/b.html": '<link href="../assets/x.css" rel="stylesheet"><a href="../index.html">',
            "assets/x.js": "",
            "assets/x.css": "",
            # Only a web server shows it, with root-absolute addresses: left out.
            "404.html": '<a href="/index.html">home</a>',
        },
    )
    assert offline.problems(root) == []


def test_each_break_is_named_with_page_line_and_why(tmp_path):
    root = site(
        tmp_path,
        {
            "index.html": '<a href="/assets/x.css">abs</a>\n<a href="a/">folder</a>\n'
            '<img src="gone.png">\n<a href="../elsewhere.html">out</a>',
            "a/index.html": "",
        },
    )
    (tmp_path / "elsewhere.html").write_text("", encoding="utf-8")
    assert offline.problems(root) == [
        "index.html:1: /assets/x.css: absolute (from files: the disk's root)",
        "index.html:2: a/: a folder (from files, no index.html)",
        "index.html:3: gone.png: no such file in the edition",
        "index.html:4: ../elsewhere.html: outside the edition",
    ]


def test_the_zip_holds_the_site_under_one_folder_without_the_404_page(tmp_path):
    root = site(tmp_path, {"index.html": "home", "a/b.html": "b", "404.html": "x"})
    destination = tmp_path / offline.ZIP_NAME
    assert offline.pack(root, destination) == 2
    with zipfile.ZipFile(destination) as archive:
        assert sorted(archive.namelist()) == ["hwguide/a/b.html", "hwguide/index.html"]
    assert not destination.with_suffix(".partial").exists()


def test_the_command_refuses_a_site_built_with_directory_urls(tmp_path, capsys):
    root = site(tmp_path, {"index.html": "", "tools/estimator/index.html": ""})
    assert offline.main([str(root), str(tmp_path / "x.zip")]) == 2
    assert "build with OFFLINE=true" in capsys.readouterr().err


def test_pages_name_their_scripts_in_front_matter():
    """A <script src="../../x.js"> typed in a page breaks in the offline edition (no
    directory URLs); front matter `scripts:` goes through the theme's url filter."""
    typed = [
        f"{page.relative_to(DOCS)}"
        for page in DOCS.rglob("*.md")
        if re.search(r"<script\s[^>]*src=", page.read_text(encoding="utf-8"))
    ]
    assert not typed, f"use front matter `scripts: [assets/...]` instead, in: {typed}"
