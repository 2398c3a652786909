"""Captured output under each snippet a page includes.

After the *last* fence on a page that includes a snippet file, the hook adds an
"Output" block with one content tab per runner. A snippet whose source changed
since a runner captured it gets a visible "stale" note in that tab, unless
the record only says why that runner does not run it (no GPU) and that is still
so: capturing again would write the same record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..capture.schema import Capture, SnippetRun
from ..paths import ROOT, relative
from ..snippets import INCLUDE, Include, skip_reason
from .labels import html_code, provenance_line, runner_label

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
PYTHON_INFO = re.compile(r"^\s*(?:\{\s*\.)?(?:pycon|python3?|py3?)(?=[\s}]|$)")
TAB = re.compile(r"^[ \t]*(===|\?\?\?|!!!)")


@dataclass
class Placement:
    snippet: str  # repository-relative path of the included file
    insert_at: int  # line index before which the output goes
    indent: str


def placements(lines: list[str]) -> list[Placement]:
    """Where each included snippet's output goes: after its last including fence,
    and after the whole tab set or admonition that fence sits in."""
    last: dict[str, tuple[int, str]] = {}
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        j = i + 1
        while j < len(lines):
            closing = FENCE.match(lines[j])
            if (
                closing
                and closing["fence"][0] == opening["fence"][0]
                and len(closing["fence"]) >= len(opening["fence"])
                and not closing["info"].strip()
            ):
                break
            j += 1
        if PYTHON_INFO.match(opening["info"]):
            for line in lines[i + 1 : j]:
                match = INCLUDE.match(line)
                if match and match["target"].split(":")[0].endswith(".py"):
                    last[relative(Include.parse(match["target"]).path)] = (j, opening["indent"])
        i = j + 1
    result = []
    for snippet, (close, indent) in last.items():
        at = close + 1
        if indent:  # inside a tab or admonition: go past the whole indented block
            while at < len(lines) and (
                not lines[at].strip() or lines[at].startswith(indent) or TAB.match(lines[at])
            ):
                at += 1
            indent = ""
        result.append(Placement(snippet, at, indent))
    return sorted(result, key=lambda p: p.insert_at)


def is_stale(snippet: str, run: SnippetRun, current_hash: str | None, kind: str) -> bool:
    """Whether ``run`` no longer describes ``snippet`` as it is now, on a runner of ``kind``."""
    if current_hash is None or run.source_hash == current_hash:
        return False
    # "Not run: needs a GPU" stays true after any edit that keeps `# requires: gpu`.
    return not (run.skipped and run.skipped == skip_reason(ROOT / snippet, kind))


def render(snippet: str, current_hash: str | None, captures: dict[str, Capture]) -> list[str]:
    """One tab per runner that has a record of ``snippet``; each names the
    session the record came from (not the runner's latest capture)."""
    tabs = []
    for runner, capture in captures.items():
        run = capture.snippets.get(snippet)
        if run is None:
            continue
        body: list[str] = []
        if is_stale(snippet, run, current_hash, capture.kind):
            body += [
                '!!! warning "Stale output"',
                "",
                f"    `{snippet}` has changed since this output was captured. Refresh it with",
                f"    `make capture RUNNER={runner} ONLY={snippet}` on that machine.",
                "",
            ]
        if run.skipped:
            body += [f"*Not run on this runner: {run.skipped}.*", ""]
        else:
            text = run.stdout
            if run.stderr.strip():
                text += (
                    ("\n" if text and not text.endswith("\n") else "") + "[stderr]\n" + run.stderr
                )
            if run.failure:
                body += [f'!!! failure "This run failed: {_quote(run.failure)}"', ""]
            elif run.exit_code != 0:
                body += [f'!!! note "Exited with status {run.exit_code}, as intended"', ""]
            body += _fence(text or "(no output)")
        meta = html_code(provenance_line(runner, capture.session_of(run)))
        took = f" · ran in {run.wall_s:.1f} s" if run.wall_s else ""
        # Provenance repeats under every output: searchable on the downloads table instead.
        body += ["", f'<p class="capture-meta" data-search-exclude>{meta}{took}</p>']
        tabs.append((runner_label(capture), body))
    lines = ['!!! output "Output"', ""]
    if not tabs:
        lines += ["    *Not captured yet: run `make capture` to record this snippet's output.*"]
        return lines + [""]
    for label, body in tabs:
        lines += [f'    === "{label}"', ""]
        lines += [("        " + line) if line else "" for line in body]
        lines += [""]
    return lines


def _quote(text: str) -> str:
    """Text for an admonition title (inside double quotes)."""
    return text.replace('"', "'").replace("\n", " ")[:200]


def _fence(text: str) -> list[str]:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return [ticks + "text", *text.rstrip("\n").split("\n"), ticks]


def add_outputs(markdown: str, hashes: dict[str, str], captures: dict[str, Capture]) -> str:
    lines = markdown.split("\n")
    for placement in reversed(placements(lines)):
        block = render(placement.snippet, hashes.get(placement.snippet), captures)
        block = [(placement.indent + line) if line else "" for line in block]
        lines[placement.insert_at : placement.insert_at] = ["", *block]
    return "\n".join(lines)
