"""Hardware figures typed as Python literals in snippets equal the registry's.

Readers copy snippets, so a snippet keeps its chip figures as literals, each with
a comment naming the registry figure it stands for::

    "flops": 989.4e12,  # registry: h100-sxm bf16-dense
    "bandwidth": 800 * 2**30,  # registry: tpu-v5e bandwidth
    "clock": 2.8,  # registry: graviton4 clock-base GHz

The literal is in base units (FLOP/s, bytes/s, bytes, W, Hz) unless the comment
names a unit. The snippet is parsed with :mod:`ast`, never imported or run; a
literal may be a constant expression (``96 * 2.4e9 * 32``), evaluated here.

A number that stands for no product (an invented example chip) says so instead,
with ``# invented: REASON``; every number of a chip table carries one of the two.
"""

from __future__ import annotations

import ast
import io
import math
import operator
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest

from hwguide import registry
from hwguide.paths import ROOT, relative
from hwguide.registry.derive import convert
from hwguide.render.figures import value_text

pytestmark = pytest.mark.static

SNIPPETS = ROOT / "snippets"
COMMENT = re.compile(r"#\s*registry:\s*(?P<part>\S+)\s+(?P<key>\S+)(?:\s+(?P<unit>\S+))?\s*$")
INVENTED = re.compile(r"#\s*invented:\s*\S")
#: Snippets whose chip table must be complete: every number in it names its figure.
TABLES = {"snippets/hardware/arithmetic_intensity.py": "CHIPS"}
#: Relative difference allowed between a literal and the registry (float rounding only).
TOLERANCE = 1e-9

OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


@dataclass(frozen=True)
class Literal:
    snippet: str
    line: int
    text: str
    value: float


def evaluate(node: ast.expr) -> float:
    """A constant arithmetic expression's value; anything else raises ValueError."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        return OPERATORS[type(node.op)](evaluate(node.left), evaluate(node.right))
    raise ValueError(f"not a constant number: {ast.unparse(node)}")


def comments(source: str) -> dict[int, re.Match]:
    """Line number -> the ``# registry: PART KEY [UNIT]`` comment on it."""
    found: dict[int, re.Match] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            match = COMMENT.search(token.string)
            if match:
                found[token.start[0]] = match
            elif re.search(r"registry:", token.string):
                raise AssertionError(
                    f"line {token.start[0]}: malformed {token.string!r}; "
                    "write `# registry: PART KEY [UNIT]`"
                )
    return found


def invented_lines(source: str) -> set[int]:
    """Lines whose number is marked ``# invented: REASON`` (no product's figure)."""
    return {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT and INVENTED.search(token.string)
    }


def values(tree: ast.AST):
    """Every expression that is a dict value, a keyword argument or an assigned value."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            yield from node.values
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.keyword)) and node.value:
            yield node.value


def mapped_literals(path: Path) -> list[tuple[Literal, re.Match]]:
    source = path.read_text(encoding="utf-8")
    where = relative(path)
    notes = comments(source)
    if not notes:
        return []
    by_line: dict[int, list[ast.expr]] = {}
    for node in values(ast.parse(source, filename=where)):
        by_line.setdefault(node.end_lineno, []).append(node)
    found = []
    for line, match in notes.items():
        nodes = by_line.get(line)
        assert nodes, (
            f"{where}:{line}: `{match.group(0)}` is beside no value; put the comment on the "
            "line where the literal ends"
        )
        # The innermost value ending on this line: `{"flops": 1e12}  # registry: ...`
        # names the 1e12, not the dict around it.
        node = max(nodes, key=lambda n: (n.lineno, n.col_offset))
        text = ast.get_source_segment(source, node)
        try:
            value = evaluate(node)
        except ValueError as error:
            raise AssertionError(f"{where}:{line}: {error}") from None
        found.append((Literal(where, line, text, value), match))
    return found


def snippet_files() -> list[Path]:
    return sorted(p for p in SNIPPETS.rglob("*.py") if "# registry" in p.read_text("utf-8"))


FILES = snippet_files()


def test_some_snippet_is_checked():
    assert {relative(p) for p in FILES} >= set(TABLES), (
        f"expected `# registry:` comments in {', '.join(TABLES)}"
    )


def compare(reg: registry.Registry, literal: Literal, match: re.Match) -> str | None:
    """Why the literal does not match its registry figure, or None when it does."""
    part, key, unit = match["part"], match["key"], match["unit"]
    where = f"{literal.snippet}:{literal.line}: the literal `{literal.text}`"
    try:
        figure = reg.figure(part, key)
        expected = convert(figure, unit) if unit else figure.base()
    except (registry.RegistryError, KeyError) as error:
        return f"{where}: {error}"
    if not math.isclose(literal.value, expected, rel_tol=TOLERANCE):
        return (
            f"{where} (= {literal.value:.6g}) differs from the registry's {part} {key}: "
            f"{value_text(figure)} (= {expected:.6g} {unit or 'in base units'}). "
            "Change the literal, or correct registry/*.yaml if the snippet is right"
        )
    return None


@pytest.mark.parametrize("path", FILES, ids=[relative(p) for p in FILES])
def test_snippet_literals_equal_the_registry(path):
    reg = registry.load()
    problems = [
        problem
        for literal, match in mapped_literals(path)
        for problem in [compare(reg, literal, match)]
        if problem
    ]
    assert not problems, "\n  ".join(["snippet figures differ from the registry:", *problems])


@pytest.mark.parametrize("snippet, name", TABLES.items())
def test_every_chip_figure_names_its_registry_entry(snippet, name):
    path = ROOT / snippet
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=snippet)
    tables = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    ]
    assert len(tables) == 1 and isinstance(tables[0], ast.Dict), (
        f"{snippet}: expected one `{name} = {{...}}` dict"
    )
    notes = comments(source).keys() | invented_lines(source)
    missing = []
    for chip in tables[0].values:
        numbers = chip.values if isinstance(chip, ast.Dict) else [chip]
        for node in numbers:
            if node.end_lineno not in notes:
                missing.append(f"{snippet}:{node.end_lineno}: `{ast.unparse(node)}`")
    assert not missing, (
        f"figures in {name} without a `# registry: PART KEY` comment (add the comment, and "
        "the figure to registry/*.yaml if it is not there; a made-up example chip's "
        "number says `# invented: REASON`):\n  " + "\n  ".join(missing)
    )


@pytest.mark.parametrize(
    "text, expected",
    [("989.4e12", 989.4e12), ("800 * 2**30", 800 * 2**30), ("96 * 2.4e9 * 32", 96 * 2.4e9 * 32)],
)
def test_evaluate_constant_expressions(text, expected):
    assert evaluate(ast.parse(text, mode="eval").body) == expected


@pytest.mark.parametrize("text", ["x * 2", "f(3)", "'3'", "True"])
def test_evaluate_refuses_anything_else(text):
    with pytest.raises(ValueError, match="not a constant number"):
        evaluate(ast.parse(text, mode="eval").body)


def test_a_wrong_literal_is_reported(tmp_path):
    snippet = tmp_path / "chips.py"
    snippet.write_text('CHIPS = {"x": {"flops": 989.5e12}}  # registry: h100-sxm bf16-dense\n')
    with pytest.raises(AssertionError) as failure:
        test_snippet_literals_equal_the_registry(snippet)
    message = str(failure.value)
    assert "989.5e12" in message and "h100-sxm bf16-dense" in message
    assert "989.4 TFLOP/s" in message


def test_an_invented_figure_needs_no_registry_entry_but_an_unmarked_one_does(tmp_path):
    source = (
        "CHIPS = {\n"
        '    "x": {"flops": 1e12},  # invented: an example\n'
        '    "y": {"flops": 2e12},\n'
        "}\n"
    )
    assert invented_lines(source) == {2}
    assert 3 not in comments(source)
