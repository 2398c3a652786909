"""No Python block in the docs may go untested silently.

The fences are counted here by a deliberately simple, independent reader of
Markdown, and compared with what the Sybil configuration collects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from hwguide.paths import relative
from hwguide.snippets import doc_pages
from hwguide.testing.docs import parse_page

FENCE_LINE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
#: Anything that looks like Python to a reader: if the collector misses one of
#: these, the test fails rather than the block going unrun.
PYTHONISH = re.compile(
    r"(?i)(?:^|[\s{.])(?:i?python\d*|py\d*|pycon|python-repl|py-?repl)(?:$|[\s}])"
)


@dataclass
class Fence:
    first_line: int  # 1-based line of the opening fence
    last_line: int
    info: str


def python_fences(text: str) -> list[Fence]:
    """Outermost fenced blocks whose info string names a Python dialect."""
    fences, open_fence = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        match = FENCE_LINE.match(line)
        if not match:
            continue
        if open_fence is None:
            open_fence = (number, match["fence"], match["info"].strip())
        elif (
            match["fence"][0] == open_fence[1][0]
            and len(match["fence"]) >= len(open_fence[1])
            and not match["info"].strip()
        ):
            start, _, info = open_fence
            if PYTHONISH.search(info):
                fences.append(Fence(start, number, info))
            open_fence = None
    return fences


def collected_lines(path: Path) -> list[int]:
    """1-based lines at which the test run's Sybil collects a code or doctest block."""
    document = parse_page(path)
    lines = []
    for start, region in document.regions:
        if "Skipper" in type(region.evaluator).__name__:
            continue
        lines.append(document.text.count("\n", 0, start) + 1)
    return lines


def uncollected(path: Path) -> list[Fence]:
    lines = collected_lines(path)
    return [
        fence
        for fence in python_fences(path.read_text(encoding="utf-8"))
        if not any(fence.first_line <= line <= fence.last_line for line in lines)
    ]


@pytest.mark.static
@pytest.mark.parametrize("path", doc_pages(), ids=relative)
def test_every_python_fence_is_collected(path):
    """Also checks every include, GPU guard and escape (parsing the page does)."""
    missing = uncollected(path)
    assert not missing, "\n".join(
        f"{relative(path)}:{f.first_line}: Python fence with info {f.info!r} is not collected "
        "by the tests. Use python, py, python3 or pycon (attributes after a space are fine)."
        for f in missing
    )


WITH_FRONT_MATTER = [p for p in doc_pages() if p.read_text(encoding="utf-8").startswith("---\n")]


@pytest.mark.static
@pytest.mark.parametrize("path", WITH_FRONT_MATTER, ids=relative)
def test_front_matter_parses(path):
    """MkDocs ignores front matter it cannot parse, and shows it as text."""
    import yaml

    text = path.read_text(encoding="utf-8")
    block = text[4 : text.index("\n---", 4)]
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as error:
        pytest.fail(f"{relative(path)}: front matter is not valid YAML: {error}")
    assert isinstance(meta, dict), f"{relative(path)}: front matter is not a mapping"


@pytest.mark.static
def test_the_docs_have_python_fences():
    total = sum(len(python_fences(p.read_text(encoding="utf-8"))) for p in doc_pages())
    assert total >= 8, f"only {total} Python fences in docs/: has the collector lost them?"


FORMS = """\
```python
a = 1
```

```python title="x.py" hl_lines="2"
b = a + 1
```

```py
c = b + 1
```

``` { .python .annotate }
d = c + 1  # (1)!
```

1.  An annotation.

!!! note

    ```python3
    e = d + 1
    ```

=== "Tab one"

    ```py linenums="1"
    f = e + 1
    ```

=== "Tab two"

    ```pycon
    >>> f
    6
    ```

````markdown
```python
this is an example of Markdown, not code
```
````
"""


def test_material_forms_are_all_collected_and_run(page):
    from tests.conftest import run_page

    path = page(FORMS)
    assert len(python_fences(FORMS)) == 7
    assert uncollected(path) == []
    outcomes = run_page(path)
    assert [o for _, o, _ in outcomes] == ["passed"] * 7, outcomes


@pytest.mark.parametrize("info", ["ipython", "Python", "python-repl"])
def test_an_unknown_python_dialect_is_reported(page, info):
    path = page(f"```{info}\nx = 1\n```\n")
    missing = uncollected(path)
    assert [f.info for f in missing] == [info]


ADMONITION_TITLE = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?: +[\w-]+)*\s+"(?P<title>.*)"\s*$')


@pytest.mark.static
@pytest.mark.parametrize("path", doc_pages(), ids=relative)
def test_admonition_titles_have_no_escaped_quotes(path):
    """Material shows a title's backslashes literally (`"A \\"b\\""` renders `A \\"b\\"`);
    a title is everything between its first and last quote, so inner quotes need no
    escape."""
    escaped = [
        f"{relative(path)}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if (match := ADMONITION_TITLE.match(line)) and '\\"' in match["title"]
    ]
    assert not escaped, "write quotes in titles without backslashes:\n" + "\n".join(escaped)
