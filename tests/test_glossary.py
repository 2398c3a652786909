"""The glossary and the abbreviation tooltips stay true to the pages.

``docs/glossary.md`` defines each term in a definition list, grouped under letter
headings, and links it to the section that explains it. A link names a page and a
heading anchor; the anchors are computed here the way the site build computes them:
each target page is converted with the Markdown extensions and options of
``mkdocs.yml`` (so ``toc``'s slugify, or ``pymdownx.slugs`` if it is ever
configured, and any ``{ #id }`` from attr_list apply), and the ids in the result
are the anchors that exist. Anchors that only build hooks create (the registry's
tables) are not seen.

``includes/abbreviations.md`` holds one Markdown abbreviation per line
(``*[HBM]: High Bandwidth Memory``), appended to every page by pymdownx.snippets'
``auto_append``. Each must be used on some page outside code (the glossary does not
count), and none may be defined twice.
"""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path

import pytest

from hwguide.paths import DOCS, MKDOCS_YML, ROOT
from hwguide.render.code_spans import prose_lines

pytestmark = pytest.mark.static

GLOSSARY = DOCS / "glossary.md"
ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"

HEADING = re.compile(r"^## (?P<title>.+?)\s*$")
TERM_ID = re.compile(r"\s*\{\s*#(?P<id>[\w-]+)\s*\}\s*$")
INLINE_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")
REFERENCE_DEFINITION = re.compile(r"^\s*\[[^\]]+\]:\s*(?P<target>\S+)", re.MULTILINE)
ABBREVIATION = re.compile(r"^\*\[(?P<abbr>[^\]\\]+)\]: (?P<title>\S.*?)\s*$")
DIGITS = "0–9"


# --- anchors, as the build makes them -------------------------------------------


@functools.cache
def _markdown_options() -> tuple[list, dict]:
    """The site's Markdown extensions and their options, from mkdocs.yml.

    pymdownx.snippets is left out: includes are code and diagrams, never headings.
    """
    from mkdocs.config import load_config

    config = load_config(str(MKDOCS_YML))
    names = [name for name in config["markdown_extensions"] if name != "pymdownx.snippets"]
    options = {name: value for name, value in config["mdx_configs"].items() if name in names}
    return names, options


@functools.cache
def anchors(page: Path) -> frozenset[str]:
    """Every id in ``page`` rendered as the site renders it: heading anchors and attr_list ids."""
    import markdown
    from mkdocs.utils.meta import get_data

    body, _ = get_data(page.read_text(encoding="utf-8"))  # front matter is not content
    names, options = _markdown_options()
    html = markdown.Markdown(extensions=names, extension_configs=options).convert(body)
    return frozenset(re.findall(r'\sid="([^"]+)"', html))


def link_problem(source: Path, target: str) -> str | None:
    """Why the relative link ``target`` in ``source`` is broken, or None if it is not."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
        return None
    path, _, anchor = target.partition("#")
    if path:
        relative = posixpath.normpath(
            posixpath.join(source.parent.relative_to(DOCS).as_posix(), path)
        )
        page = DOCS / relative
        if relative.startswith("..") or not page.is_file():
            return f"{target}: no page docs/{relative}"
    else:
        page = source
    if anchor and page.suffix == ".md" and anchor not in anchors(page):
        near = sorted(a for a in anchors(page) if a[:4] == anchor[:4]) or sorted(anchors(page))
        return (
            f"{target}: docs/{page.relative_to(DOCS).as_posix()} has no heading or id "
            f"{anchor!r} (ids there include: {', '.join(near[:8])})"
        )
    return None


# --- the glossary's structure ------------------------------------------------------


def sort_key(term: str) -> str:
    return re.sub(r"[^a-z0-9]", "", term.casefold())


def section_of(term: str) -> str:
    first = sort_key(term)[0]
    return DIGITS if first.isdigit() else first.upper()


def glossary_entries() -> list[dict]:
    """Each term with its letter section, its ``{ #id }`` and its definition text."""
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    entries, section = [], None
    for number, line in enumerate(lines, start=1):
        heading = HEADING.match(line)
        if heading:
            section = heading["title"]
            continue
        following = lines[number] if number < len(lines) else ""
        if line.strip() and not line[0].isspace() and following.startswith(":"):
            term_id = TERM_ID.search(line)
            definition = []
            for body in lines[number:]:
                if body and not (body.startswith(":") or body[0].isspace()):
                    break
                definition.append(body)
            entries.append(
                {
                    "line": number,
                    "term": TERM_ID.sub("", line).strip(),
                    "id": term_id["id"] if term_id else None,
                    "section": section,
                    "definition": "\n".join(definition),
                }
            )
    return entries


def test_the_glossary_has_entries():
    assert len(glossary_entries()) >= 40


def test_every_glossary_link_reaches_a_page_and_a_heading():
    text = GLOSSARY.read_text(encoding="utf-8")
    targets = [m["target"] for m in INLINE_LINK.finditer(text)]
    targets += [m["target"] for m in REFERENCE_DEFINITION.finditer(text)]
    problems = [p for p in (link_problem(GLOSSARY, t) for t in targets) if p]
    assert not problems, "broken links in docs/glossary.md:\n  " + "\n  ".join(problems)


def test_the_link_check_catches_a_wrong_page_or_anchor():
    assert link_problem(GLOSSARY, "hardware/index.md#the-roofline-model") is None
    assert link_problem(GLOSSARY, "hardware/gpu.md#memory-hbm-and-its-bandwidth") is None
    assert link_problem(GLOSSARY, "#ridge-point") is None
    assert "no heading or id" in link_problem(GLOSSARY, "hardware/index.md#roofline")
    assert "no page" in link_problem(GLOSSARY, "hardware/nope.md#x")
    assert "no page" in link_problem(GLOSSARY, "../README.md")


def test_every_entry_links_to_the_section_that_explains_it():
    lacking = [
        f"docs/glossary.md:{e['line']}: {e['term']}"
        for e in glossary_entries()
        if not any(
            "#" in m["target"] and not m["target"].startswith("#")
            for m in INLINE_LINK.finditer(e["definition"])
        )
    ]
    assert not lacking, (
        "entries without a link to a section (page.md#anchor) of another page:\n  "
        + "\n  ".join(lacking)
    )


def test_entries_are_alphabetical_under_their_letter():
    entries = glossary_entries()
    problems = [
        f"docs/glossary.md:{e['line']}: {e['term']!r} is under {e['section']!r}, "
        f"not {section_of(e['term'])!r}"
        for e in entries
        if e["section"] != section_of(e["term"])
    ]
    keys = [sort_key(e["term"]) for e in entries]
    problems += [
        f"docs/glossary.md:{later['line']}: {later['term']!r} comes after {earlier['term']!r}"
        for earlier, later, a, b in zip(entries, entries[1:], keys, keys[1:], strict=False)
        if a >= b
    ]
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    sections = [m["title"] for m in map(HEADING.match, lines) if m]
    expected = sorted({section_of(e["term"]) for e in entries}, key=lambda s: (s != DIGITS, s))
    if sections != expected:
        problems.append(f"letter headings {sections} should be {expected}")
    assert not problems, "\n  ".join(["glossary order:", *problems])


def test_every_term_has_its_own_id():
    entries = glossary_entries()
    missing = [f"docs/glossary.md:{e['line']}: {e['term']}" for e in entries if not e["id"]]
    ids = [e["id"] for e in entries if e["id"]]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    assert not missing, "terms without `{ #id }` (others link to them):\n  " + "\n  ".join(missing)
    assert not twice, f"ids used by more than one term: {twice}"
    assert set(ids) <= anchors(GLOSSARY), "attr_list did not turn these into ids"


# --- abbreviations ---------------------------------------------------------------


def abbreviations() -> list[tuple[int, str, str]]:
    """(line, abbreviation, expansion) for every definition in includes/abbreviations.md."""
    found = []
    for number, line in enumerate(ABBREVIATIONS.read_text(encoding="utf-8").splitlines(), 1):
        match = ABBREVIATION.match(line)
        if match:
            found.append((number, match["abbr"], match["title"]))
    return found


def test_the_abbreviation_file_holds_only_definitions():
    lines = ABBREVIATIONS.read_text(encoding="utf-8").splitlines()
    odd = [
        f"includes/abbreviations.md:{n}: {line!r}"
        for n, line in enumerate(lines, 1)
        if line.strip() and not ABBREVIATION.match(line)
    ]
    assert not odd, "lines that are not `*[ABBR]: expansion`:\n  " + "\n  ".join(odd)
    assert len(abbreviations()) >= 20


def test_no_abbreviation_is_defined_twice():
    seen: dict[str, int] = {}
    twice = []
    for number, abbr, _ in abbreviations():
        if abbr in seen:
            twice.append(f"includes/abbreviations.md:{number}: {abbr} (first on line {seen[abbr]})")
        seen.setdefault(abbr, number)
    assert not twice, "defined more than once:\n  " + "\n  ".join(twice)


def test_abbreviations_are_sorted():
    names = [abbr for _, abbr, _ in abbreviations()]
    assert names == sorted(names, key=str.casefold), (
        "keep includes/abbreviations.md sorted (case-insensitively) so that duplicates "
        "stand next to each other"
    )


def prose(page: Path) -> str:
    """A page's text as the abbr extension sees it: no front matter, code, comments or URLs."""
    from mkdocs.utils.meta import get_data

    body, _ = get_data(page.read_text(encoding="utf-8"))
    text = "\n".join(line for _, line in prose_lines(body))
    text = REFERENCE_DEFINITION.sub("", text)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", " ", text)
    return re.sub(r"\]\([^)]*\)", "] ", text)


def test_every_abbreviation_is_used_on_a_page():
    pages = [p for p in sorted(DOCS.rglob("*.md")) if p != GLOSSARY]
    texts = [prose(p) for p in pages]
    unused = [
        f"includes/abbreviations.md:{number}: {abbr}"
        for number, abbr, _ in abbreviations()
        # The abbr extension wraps whole words only, as this pattern matches them.
        if not any(re.search(rf"\b{re.escape(abbr)}\b", text) for text in texts)
    ]
    assert not unused, (
        "abbreviations no page uses outside code (the glossary does not count); "
        "remove them:\n  " + "\n  ".join(unused)
    )


def test_snippet_includes_in_code_do_not_carry_the_abbreviations():
    """``auto_append`` belongs to pages, not to code fences.

    hwguide.snippets expands a fence's ``--8<--`` include with pymdownx's own
    preprocessor and the options of mkdocs.yml; if those options include
    ``auto_append``, the abbreviation lines must not end up in the Python that the
    page tests run.
    """
    from hwguide import snippets

    target = "snippets/hardware/dtypes.py"
    expanded = snippets.expand(f'--8<-- "{target}"\n')
    source = (ROOT / target).read_text(encoding="utf-8")
    appended = [line for line in expanded.splitlines() if ABBREVIATION.match(line)]
    assert not appended, (
        "snippet expansion appended includes/abbreviations.md to code: drop `auto_append` "
        "from the options hwguide.snippets gives pymdownx (see its _preprocessor)"
    )
    # pymdownx drops the file's section markers, and adds nothing.
    assert len(expanded.splitlines()) <= len(source.splitlines())
