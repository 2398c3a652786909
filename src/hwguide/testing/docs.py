"""Sybil configuration: every Python code block in ``docs/`` is a test.

What it adds to Sybil's stock Markdown support, and why:

* **Material's fence forms.** Sybil only collects fences whose info string is
  exactly ``python``. Pages use ``python title="x.py" hl_lines="2"``, ``py``,
  ``pycon`` and ``{ .python .annotate }``, indented inside content tabs and
  admonitions. :data:`INFO` accepts all of them; ``tests/test_docs_collection.py``
  counts fences independently so nothing can slip through uncollected.
* **Snippet includes.** ``--8<-- "snippets/topic/name.py"`` inside a fence is
  expanded by pymdownx itself (:func:`hwguide.snippets.expand`) and run in the
  page's namespace, in page order. A failure in an included file is reported at
  that file's own line.
* **Fresh processes.** Pages that configure devices run in their own interpreter
  (:mod:`.isolation`, :mod:`.fresh`), block by block.
* **Time limits.** pytest-timeout stops a block that runs too long (``timeout``
  in pyproject.toml, ``--timeout N``). Its alarm only interrupts this process, so
  a block in a fresh interpreter is bounded here too: the child is killed and the
  failure names the page and line (:func:`run_fresh`).
* **Hardware skips.** ``HAS_GPU``/``HAS_TPU`` in the namespace; a skip must have a
  condition and a reason; ``REQUIRE_GPU=1`` turns hardware skips into failures.
"""

from __future__ import annotations

import doctest
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sybil import Document, Example, Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.evaluators.skip import Skipper, SkipState
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.parsers.markdown.lexers import (
    FENCE,
    DirectiveInHTMLCommentLexer,
    RawFencedCodeBlockLexer,
)
from sybil.parsers.markdown.skip import SkipParser

from .. import snippets
from ..paths import DOCS, ROOT, relative
from . import hardware
from .fresh import FreshInterpreter, script_dir_on_path
from .isolation import isolating_calls

#: Python languages as Material/Pygments spell them. ``pycon`` blocks are doctests.
PYTHON_LANGUAGES = ("python", "python3", "py", "py3", "pycon")

#: The info string after the opening fence: ``python``, ``py title="a.py" hl_lines="2 3"``,
#: ``{ .python .annotate }``. The language must be followed by a space, ``}`` or the end.
INFO = re.compile(
    r"[ \t]*(?:\{[ \t]*\.)?(?P<language>pycon|python3?|py3?)(?=[ \t}]|$)(?P<attributes>[^\n]*)$\n",
    re.MULTILINE,
)

DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
_FRESH = "_hwguide_fresh_interpreter"
_DOCUMENT = "_hwguide_document"

#: Seconds a block may run when no pytest configuration says (pages run by
#: ``tests/conftest.py:run_page``); the same as pyproject.toml's ``timeout``.
DEFAULT_TIME_LIMIT = 300.0


class BlockFailed(AssertionError):
    """A code block raised in a fresh interpreter (the message is its traceback),
    or ran over its time limit there."""


@dataclass(frozen=True)
class CodeBlock:
    """A fence body after snippet expansion, and where to report its lines."""

    source: str
    filename: str
    # Lines to pad before ``source`` so tracebacks show true line numbers; None
    # means "the fence's own position in the page" (known only at evaluation).
    first_line: int | None


class PageDocument(Document):
    """A Markdown page. Knows whether it must run in a fresh interpreter."""

    isolating: list[str]

    @classmethod
    def parse(cls, path: str, *parsers: Any, encoding: str = "utf-8") -> Document:
        text = Path(path).read_text(encoding=encoding)
        document = cls(text, path)
        snippets.check_includes(text, where=relative(path))  # names page:line if broken
        expanded = snippets.expand(text, where=relative(path))
        document.isolating = isolating_calls(_python_only(expanded))
        if document.isolating:
            document.namespace[_DOCUMENT] = document  # for setup()
        for parser in parsers:
            for region in parser(document):
                document.add(region)
        return document

    def fresh_interpreter(self) -> FreshInterpreter | None:
        if not self.isolating:
            return None
        if _FRESH not in self.namespace:
            self.namespace[_FRESH] = FreshInterpreter(relative(self.path))
        return self.namespace[_FRESH]


def _python_only(text: str) -> str:
    """The Python fence bodies of a page (prose may mention set_memory_growth freely)."""
    return "\n".join(m.group(0) for m in _PYTHON_FENCE_BODY.finditer(text))


_PYTHON_FENCE_BODY = re.compile(
    r"^([ \t]*)(`{3,}|~{3,})[ \t]*(?:\{[ \t]*\.)?(?:pycon|python3?|py3?)\b.*?^\1\2[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


class OutermostFenceLexer(RawFencedCodeBlockLexer):
    """Sybil's fence lexer, but a fence nested inside another fence (a Markdown
    example that shows a Python fence, say) is text, not code."""

    def __call__(self, document: Document):
        open_blocks: list[re.Match[str]] = []
        index = 0
        while (match := FENCE.search(document.text, index)) is not None:
            index = match.end()
            for i, existing in enumerate(open_blocks):
                if self.match_closes_existing(match, existing):
                    if i == 0:
                        region = self.make_region(existing, document, match)
                        if region is not None:
                            yield region
                    open_blocks = open_blocks[:i]
                    break
            else:
                open_blocks.append(match)
        if open_blocks:
            region = self.make_region(open_blocks[0], document, closing=None)
            if region is not None:
                yield region


class PythonFenceParser:
    """Collects every Python fence: code blocks and ``>>>`` doctest blocks."""

    def __init__(self) -> None:
        self.lexer = OutermostFenceLexer(info_pattern=INFO)
        self.doctests = DocTestStringParser(self.evaluate_doctest)  # type: ignore[arg-type]
        self._local_doctest = DocTestEvaluator(DOCTEST_FLAGS)

    def __call__(self, document: Document):
        for region in self.lexer(document):
            source = region.lexemes["source"]
            language = region.lexemes["language"]
            line = document.text.count("\n", 0, region.start) + 1
            where = f"{relative(document.path)}:{line}"
            if language == "pycon" or source.lstrip().startswith(">>>"):
                if ">>>" not in source:
                    raise ValueError(f"{where}: a pycon block needs '>>>' prompts to be tested")
                for example in self.doctests(source, document.path):
                    example.adjust(region, source)
                    yield example
            else:
                check_escaped_includes(source, where)
                region.parsed = code_block(source, where)
                check_hardware_guard(document.text, region.start, region.parsed, source, where)
                region.evaluator = self.evaluate_code
                yield region

    def evaluate_code(self, example: Example) -> None:
        __tracebackhide__ = True
        block: CodeBlock = example.parsed
        first = block.first_line
        if first is None:  # lines of the page itself
            first = example.line + example.region.lexemes["source"].line_offset
        source = "\n" * first + block.source
        fresh = example.document.fresh_interpreter()  # type: ignore[attr-defined]
        if fresh is None:
            code = compile(source, block.filename, "exec", dont_inherit=True)
            with script_dir_on_path(block.filename):
                exec(code, example.namespace)
            example.namespace.pop("__builtins__", None)
        else:
            error = run_fresh(example, fresh.exec, source, block.filename)
            if error:
                raise BlockFailed("in a fresh interpreter:\n" + error)

    def evaluate_doctest(self, example: Example) -> str:
        __tracebackhide__ = True
        fresh = example.document.fresh_interpreter()  # type: ignore[attr-defined]
        if fresh is None:
            return self._local_doctest(example)
        return run_fresh(example, fresh.doctest, example.parsed, example.path, DOCTEST_FLAGS)


def run_fresh(example: Example, call: Callable[..., Any], *args: Any) -> Any:
    """``call(*args)`` in the page's fresh interpreter, within pytest's time limit.

    pytest-timeout's alarm interrupts this process's wait (it started with the
    test's setup, so it usually fires before our own limit): either way the
    child has been killed, and the failure says which block and why.
    """
    __tracebackhide__ = True
    limit = time_limit(example.namespace)
    try:
        return call(*args, limit=limit)
    except (TimeoutError, pytest.fail.Exception):
        raise BlockFailed(
            f"{relative(example.path)}:{example.line}: this block ran for more than "
            f"{limit:g} s and was stopped (the limit is pytest's --timeout)"
        ) from None


def time_limit(namespace: dict[str, Any]) -> float | None:
    """pytest-timeout's limit for this run, looked up as it does: ``--timeout``,
    then ``PYTEST_TIMEOUT``, then the ini value; 0 means none. Sybil puts the
    ``pytestconfig`` fixture in the namespace (:func:`make_sybil`); docs items
    carry no ``timeout`` markers, so the run's setting is the item's."""
    config = namespace.get("pytestconfig")
    if config is None:
        return DEFAULT_TIME_LIMIT
    try:
        ini = config.getini("timeout")
    except ValueError:  # pytest-timeout is not loaded (-p no:timeout)
        return DEFAULT_TIME_LIMIT
    for value in (config.getoption("timeout", None), os.environ.get("PYTEST_TIMEOUT"), ini):
        if value not in (None, ""):
            return float(value) or None
    return DEFAULT_TIME_LIMIT


def code_block(body: str, where: str) -> CodeBlock:
    """Expand includes in a fence body; point tracebacks at the snippet when the
    body is a single include of a file."""
    expanded = snippets.expand(body, where=where)
    page_file, _ = where.rsplit(":", 1)
    lines = [line for line in body.splitlines() if line.strip()]
    includes = snippets.includes_in(body)
    if len(lines) == 1 and len(includes) == 1:
        include = includes[0]
        first = snippets.locate(expanded, include)
        if first >= 0:
            return CodeBlock(expanded, str(include.path), first)
    return CodeBlock(expanded, str(Path(page_file).resolve()), None)


#: ``;--8<--``: pymdownx's escape, used to *show* an include line on a page.
_ESCAPED_INCLUDE = re.compile(r"^[ \t]*;-{1,}8<-{1,}[ \t]+[\"']", re.MULTILINE)
#: Code entering a GPU or TPU device scope: ``with tf.device("/GPU:0"):``.
_DEVICE_SCOPE = re.compile(r"""tf\.device\(\s*f?["'][^"']*\b(?P<kind>GPU|TPU)\b""")
#: A skip directive on the lines just above a fence.
_SKIP_ABOVE = re.compile(r"<!--\s*skip:\s*next\s+if\((?P<condition>[^>]*)-->\s*\Z")


def check_escaped_includes(source: str, where: str) -> None:
    """A copied ``;--8<--`` line would run as Python (and fail with a TypeError
    about a unary minus): say what it is instead."""
    match = _ESCAPED_INCLUDE.search(source)
    if match:
        line = int(where.rsplit(":", 1)[1]) + source.count("\n", 0, match.start()) + 1
        raise ValueError(
            f"{where.rsplit(':', 1)[0]}:{line}: this line starts with ';--8<--', the escaped "
            "form that only *shows* an include. Remove the ';' to include the file: "
            f"{match.group(0).strip()[1:]}..."
        )


def check_hardware_guard(text: str, start: int, block: CodeBlock, body: str, where: str) -> None:
    """A block that needs a GPU or TPU must be guarded by a skip directive.

    Needing one: it includes a snippet marked ``# requires: gpu`` (or ``tpu``), or
    it enters a ``tf.device("/GPU...")`` scope without setting soft placement
    itself. Unguarded, such a block fails on a machine without the device, or,
    worse, passes there: soft placement quietly runs it on the CPU.
    """
    needs: dict[str, str] = {}
    for include in snippets.includes_in(body):
        for need in sorted(snippets.requirements(include.path)):
            needs.setdefault(need, f'{relative(include.path)} says "# requires: {need}"')
    scope = _DEVICE_SCOPE.search(block.source)
    if scope and "set_soft_device_placement" not in block.source:
        kind = scope["kind"].lower()
        needs.setdefault(kind, f"it enters a {scope.group(0)}...) scope")
    if not needs:
        return
    above = text[:start].rstrip()
    guard = _SKIP_ABOVE.search(above)
    flags = {f"HAS_{need.upper()}" for need in needs}
    if guard and all(flag in guard["condition"] for flag in flags):
        return
    need, why = next(iter(needs.items()))
    indent = re.match(r"[ \t]*", text[start:])[0]
    raise ValueError(
        f"{where}: this block needs a {need.upper()} ({why}) but has no skip directive "
        "above it: on a machine without one it would fail, or run on the CPU and pass "
        "silently. Put this line above the fence:\n"
        f'{indent}<!-- skip: next if(not HAS_{need.upper()}, reason="needs a {need.upper()}") -->'
    )


#: The reason of a skip whose block another test file runs, e.g. the benchmarks on
#: the methodology page, which tests/test_benchmarks.py runs under the profiler:
#: ``<!-- skip: next if(True, reason="runs in tests/test_benchmarks.py") -->``.
#: That file must exist; the file itself checks that it covers what it claims.
_RUNS_IN = re.compile(r"reason=\"runs in (?P<test>tests/[\w/]+\.py)")


class HardwareSkipper(Skipper):
    """Sybil's skipper, stricter: a skip needs ``if(condition, reason=...)``, and a
    skip for hardware this run requires (REQUIRE_GPU=1) becomes a failure. A skip
    that says where the block runs instead must name an existing test file."""

    def install(self, example: Example, state: SkipState, reason: str | None) -> None:
        text = (reason or "").strip()
        if not (text.startswith("if") and "reason=" in text):
            raise ValueError(
                f"{relative(example.path)}:{example.line}: every skip needs a condition and a "
                'reason, e.g. <!-- skip: next if(not HAS_GPU, reason="needs a GPU") -->. '
                "Code that cannot run anywhere does not belong in a Python fence."
            )
        elsewhere = _RUNS_IN.search(text)
        if elsewhere and not (ROOT / elsewhere["test"]).is_file():
            raise ValueError(
                f"{relative(example.path)}:{example.line}: this skip says the block runs in "
                f"{elsewhere['test']}, which does not exist. Name the test file that runs "
                "this code, or remove the skip so that the block runs here."
            )
        super().install(example, state, reason)
        if state.exception is not None:
            flags = set(re.findall(r"\bHAS_[A-Z]+\b", text))
            missing = hardware.required_but_missing(flags)
            if missing:
                state.exception = AssertionError(
                    f"{', '.join(sorted(missing))} is false but this run requires it "
                    f"({', '.join(hardware.FLAGS[m][1] + '=1' for m in sorted(missing))}): "
                    f"TensorFlow sees no such device, so this block would have been skipped "
                    f"({text}). Check the driver and the TensorFlow build."
                )


class StrictSkipParser(SkipParser):
    """Skip directives, with :class:`HardwareSkipper`; a directive shown inside a
    fence (as an example of the syntax) is text, not a directive."""

    def __init__(self) -> None:
        super().__init__()
        self.lexers = type(self.lexers)([DirectiveInHTMLCommentLexer(self.directive)])
        self.skipper = HardwareSkipper(self.directive)
        self._any_fence = OutermostFenceLexer(info_pattern=re.compile(r".*$\n", re.MULTILINE))

    def __call__(self, document: Document):
        fences = [(r.start, r.end) for r in self._any_fence(document)]
        for region in super().__call__(document):
            if not any(start <= region.start < end for start, end in fences):
                yield region


def setup(namespace: dict[str, Any]) -> None:
    namespace["__name__"] = "__main__"
    namespace.update(hardware.flags())
    document = namespace.get(_DOCUMENT)
    if document is not None:
        # Start a page's fresh interpreter here, in the page's setup, not in its first
        # block: the first one a worker starts also starts the fork server, which
        # imports TensorFlow (seconds), and that is not the block's time.
        document.fresh_interpreter()


def teardown(namespace: dict[str, Any]) -> None:
    namespace.pop(_DOCUMENT, None)
    fresh = namespace.pop(_FRESH, None)
    if fresh is not None:
        fresh.close()


def parsers() -> list[Any]:
    return [PythonFenceParser(), StrictSkipParser()]


def make_sybil() -> Sybil:
    return Sybil(
        parsers=parsers(),
        patterns=["*.md"],
        path=str(DOCS),
        setup=setup,
        teardown=teardown,
        fixtures=["pytestconfig"],  # for time_limit()
        document_types={".md": PageDocument},
        name="docs",
    )


def parse_page(path: Path) -> Document:
    """Parse one page with the same parsers the test run uses (for checks and tests)."""
    return PageDocument.parse(str(path), *parsers())
