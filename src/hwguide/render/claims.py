"""Speed comparisons in prose, computed from the captures.

A sentence that compares two settings does not type the figure: it places

    <!-- ratio: training mode=mixed_bfloat16 / mode=default -->

where the figure goes, and the build writes what each runner measured, e.g.
"1.2–1.7× faster on `cpu-zen4-avx512-2c` (batch 16–256)". Cases are matched on
every case field the two sides do not name (batch, device, ...); the ratio is of
the benchmark's rate (higher is better), so above 1 the first side is faster.

A sentence that states a direction adds it: ``expect=faster`` (or ``slower``).
Then every runner must agree, or the build fails naming the page, the line and
the runner that contradicts it: prose cannot drift away from the data.

The ratio is of the rate the benchmark's tables are read by; a sentence that
compares another rate the benchmark records names it: ``rate=samples_per_s``.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from ..capture.schema import Capture, Measurement
from .tables import UNITS, is_stale, primary_rate, rows

RATIO = re.compile(r"<!--\s*ratio:\s*(?P<args>[^>]*?)\s*-->")


class ClaimError(ValueError):
    """A ratio placeholder that is malformed, matches nothing, or is contradicted."""


@dataclass(frozen=True)
class Claim:
    benchmark: str
    first: dict[str, str]
    second: dict[str, str]
    expect: str | None  # "faster", "slower" or None
    rate: str | None = None  # a key of tables.UNITS; None: the benchmark's primary rate

    @classmethod
    def parse(cls, args: str) -> Claim:
        """``BENCH k=v [k=v ...] / k=v [...] [expect=...] [rate=...]``; quote values with
        spaces: ``pipeline="parallel map + prefetch"``."""
        try:
            words = shlex.split(args)
        except ValueError as error:
            raise ClaimError(f"cannot split the arguments: {error}") from None
        expect = None
        for word in [w for w in words if w.startswith("expect=")]:
            expect = word.removeprefix("expect=")
            words.remove(word)
            if expect not in ("faster", "slower"):
                raise ClaimError(f"expect= takes faster or slower, not {expect!r}")
        rate = None
        for word in [w for w in words if w.startswith("rate=")]:
            rate = word.removeprefix("rate=")
            words.remove(word)
            if rate not in UNITS:
                raise ClaimError(f"rate= takes one of {', '.join(UNITS)}, not {rate!r}")
        if len(words) < 4 or "/" not in words[2:]:
            raise ClaimError(
                "write <!-- ratio: BENCHMARK key=value [key=value ...] / key=value [...] "
                "[expect=faster|slower] [rate=samples_per_s|...] -->"
            )
        slash = words.index("/", 1)
        first, second = _filter(words[1:slash]), _filter(words[slash + 1 :])
        return cls(words[0], first, second, expect, rate)


def _filter(pairs: list[str]) -> dict[str, str]:
    if not pairs or not all("=" in p for p in pairs):
        raise ClaimError(f"{pairs!r}: a side is key=value pairs, e.g. mode=xla dtype=bfloat16")
    return dict(p.split("=", 1) for p in pairs)


def _matches(m: Measurement, wanted: dict[str, str]) -> bool:
    return all(str(m.case.get(k)) == v for k, v in wanted.items())


def ratios(claim: Claim, capture: Capture) -> list[tuple[dict, float]]:
    """(the matched cases' other fields, first rate / second rate) for one runner."""
    measured = [m for _, _, m in rows(claim.benchmark, {"_": capture})]
    rate = claim.rate or primary_rate(measured, claim.benchmark)
    named = set(claim.first) | set(claim.second)
    found = []
    for a in (m for m in measured if _matches(m, claim.first)):
        rest = {k: v for k, v in a.case.items() if k not in named}
        for b in (m for m in measured if _matches(m, claim.second)):
            if {k: v for k, v in b.case.items() if k not in named} == rest and rate:
                if rate not in a.rates or rate not in b.rates:
                    raise ClaimError(f"the {claim.benchmark!r} benchmark records no {rate}")
                found.append((rest, a.rates[rate] / b.rates[rate]))
    return found


def _span(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:.1f}×" if f"{low:.1f}" == f"{high:.1f}" else f"{low:.1f}–{high:.1f}×"


def _over(found: list[tuple[dict, float]]) -> str:
    """What varied across the matched cases: " (batch 16–256)"."""
    varying = {}
    for rest, _ in found:
        for key, value in rest.items():
            varying.setdefault(key, []).append(value)
    parts = []
    for key, values in varying.items():
        distinct = list(dict.fromkeys(values))
        if len(distinct) > 1:
            parts.append(f"{key} {distinct[0]}–{distinct[-1]}")
    return f" ({', '.join(parts)})" if parts else ""


def phrase(found: list[tuple[dict, float]]) -> str:
    values = [r for _, r in found]
    if all(r > 1 for r in values):
        return f"**{_span(values)} faster**"
    if all(r < 1 for r in values):
        return f"**{_span([1 / r for r in values])} slower**"
    faster = sum(r > 1 for r in values)
    return f"**{_span(values)} the speed** (faster in {faster} of {len(values)} cases)"


def render(args: str, captures: dict[str, Capture], hashes: dict[str, str | None]) -> str:
    """``hashes``: current source hash per benchmark snippet, to mark stale records."""
    claim = Claim.parse(args)
    parts = []
    for runner, capture in captures.items():
        found = ratios(claim, capture)
        if not found:
            continue
        run = capture.benchmarks[claim.benchmark]
        stale = (
            " (an earlier version of the benchmark)"
            if is_stale(run, hashes.get(run.snippet))
            else ""
        )
        values = [r for _, r in found]
        if claim.expect == "faster" and not all(r > 1 for r in values):
            raise ClaimError(f"says faster, but `{runner}` measured {phrase(found)}")
        if claim.expect == "slower" and not all(r < 1 for r in values):
            raise ClaimError(f"says slower, but `{runner}` measured {phrase(found)}")
        parts.append(f"{phrase(found)} on `{runner}`{_over(found)}{stale}")
    if not parts:
        raise ClaimError(
            f"no runner measured both sides in the {claim.benchmark!r} benchmark "
            "(check the benchmark name and the key=value pairs against a capture file)"
        )
    return "; ".join(parts)
