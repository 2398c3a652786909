"""Snippet files and how pages include them.

Pages include runnable files from ``snippets/`` with pymdownx.snippets::

    ```python title="list_devices.py"
    --8<-- "snippets/devices/list_physical_devices.py"
    ```

The tests must run exactly what a reader sees, so :func:`expand` does not
re-implement the include syntax: it runs pymdownx's own preprocessor with the
options read from ``mkdocs.yml`` (base path, ``check_paths``, sections...).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .paths import DOCS, MKDOCS_YML, ROOT, SNIPPETS, relative

#: A single-line include, as pymdownx.snippets writes it (optionally ``:section``
#: or ``:start:end`` after the path). Used to *find* includes; expansion itself
#: is always done by pymdownx.
INCLUDE = re.compile(
    r"""^(?P<indent>[ \t]*)-{1,}8<-{1,}[ \t]+(?P<q>["'])(?P<target>.+?)(?P=q)[ \t]*$"""
)


class SnippetError(Exception):
    """A page includes a snippet that does not exist, or a section that is missing."""


@dataclass(frozen=True)
class Include:
    """One ``--8<--`` line: which file it names and, optionally, which part."""

    target: str  # as written, e.g. "snippets/devices/x.py:setup"
    path: Path  # the file on disk
    section: str | None

    @classmethod
    def parse(cls, target: str) -> Include:
        path, _, rest = target.partition(":")
        section = rest if rest and not rest[0].isdigit() else None
        return cls(target=target, path=_resolve(path), section=section)


def _resolve(path: str) -> Path:
    """Find an included file the way pymdownx does: in each base path in turn."""
    bases = _snippet_options().get("base_path", [str(ROOT)])
    for base in bases if isinstance(bases, (list, tuple)) else [bases]:
        candidate = Path(os.fspath(base)) / path
        if candidate.is_file():
            return candidate.resolve()
    return (ROOT / path).resolve()


#: ``# requires: gpu`` (or ``tpu``) near the top of a snippet: it only runs there.
REQUIRES = re.compile(r"^# requires: (?P<what>[a-z, ]+)$", re.MULTILINE)


def requirements(path: Path) -> set[str]:
    """Hardware a snippet needs, from its ``# requires:`` line: e.g. {"gpu"}."""
    found = REQUIRES.finditer(_head(path))
    return {w.strip() for m in found for w in m["what"].split(",") if w.strip()}


def skip_reason(path: Path, kind: str) -> str | None:
    """Why a runner of this ``kind`` ("cpu", "gpu") does not run the snippet, or None.

    A capture records this reason instead of output. While the snippet still needs
    what the runner lacks, the record stays true whatever else changed in the file.
    """
    missing = sorted(need for need in requirements(path) if need != kind)
    if not missing:
        return None
    return f"needs a {'/'.join(m.upper() for m in missing)}; this runner has none"


#: ``# expect: error`` near the top of a snippet: it demonstrates a failure, so a
#: non-zero exit is what it should do (and exiting 0 is the failure).
EXPECT_ERROR = re.compile(r"^# expect: error$", re.MULTILINE)


def _head(path: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8").splitlines()[:20])


def expects_error(path: Path) -> bool:
    return bool(EXPECT_ERROR.search(_head(path)))


def snippet_files() -> list[Path]:
    """Every runnable snippet: ``snippets/<topic>/<name>.py``."""
    return sorted(p for p in SNIPPETS.rglob("*.py") if "__pycache__" not in p.parts)


def doc_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def includes_in(text: str) -> list[Include]:
    """The snippet includes in a page (or a fence body), in order."""
    return [Include.parse(m["target"]) for m in map(INCLUDE.match, text.splitlines()) if m]


def source_hash(path: Path) -> str:
    """The hash captures record, to tell when a snippet changed since it ran."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


_options: dict | None = None


def use_options(options: dict) -> None:
    """Use these pymdownx.snippets options (the build hook passes its own)."""
    global _options
    _options = dict(options)
    _preprocessor.cache_clear()


def _snippet_options() -> dict:
    """pymdownx.snippets options exactly as the site build resolves them."""
    global _options
    if _options is None:
        from mkdocs.config import load_config

        config = load_config(str(MKDOCS_YML))
        _options = dict(config["mdx_configs"].get("pymdownx.snippets", {}))
    return _options


@functools.cache
def _preprocessor():
    import markdown

    # Includes in code: no auto_append (the site appends its abbreviations to every
    # page, which must not reach a snippet's code).
    options = {k: v for k, v in _snippet_options().items() if k != "auto_append"}
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": options},
    )
    return md.preprocessors["snippet"]


def expand(text: str, where: str = "") -> str:
    """Expand ``--8<--`` includes in ``text`` as the MkDocs build does.

    ``where`` (e.g. ``docs/x.md:12``) is added to error messages.
    """
    if "8<" not in text:
        return text
    from pymdownx.snippets import SnippetMissingError

    preprocessor = _preprocessor()
    try:
        lines = preprocessor.run(text.splitlines())
    except SnippetMissingError as error:
        hint = (
            "Check the path (relative to the repository root, e.g. "
            '"snippets/devices/list_physical_devices.py") and, for "file.py:name", that the file '
            'has "# --8<-- [start:name]" and "# --8<-- [end:name]" markers.'
        )
        raise SnippetError(f"{where}: {error}. {hint}") from None
    finally:
        preprocessor.seen = set()
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def check_includes(text: str, where: str) -> None:
    """Raise :class:`SnippetError` naming ``where:line`` for the first include in
    ``text`` whose file or section is missing."""
    for number, line in enumerate(text.splitlines(), start=1):
        if INCLUDE.match(line):
            expand(line.strip() + "\n", where=f"{where}:{number}")


def locate(expanded: str, include: Include) -> int:
    """The 0-based line in ``include.path`` where ``expanded`` starts, or -1.

    Lets a failing included snippet report its own file and line.
    """
    source = include.path.read_text(encoding="utf-8")
    position = source.find(expanded.strip("\n"))
    return -1 if position < 0 else source.count("\n", 0, position)


def pages_including(snippet: Path) -> list[str]:
    """Pages (repository-relative) whose includes name ``snippet``."""
    found = []
    for page in doc_pages():
        if any(inc.path == snippet.resolve() for inc in includes_in(page.read_text("utf-8"))):
            found.append(relative(page))
    return found
