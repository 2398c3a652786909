"""Lighthouse over every page of a built site, as a phone on a slow network sees it.

    make lighthouse            # builds the site, then runs this
    python -m hwguide.lighthouse site/ [--pages / /lab/gpu-training/] [--json out.json]

The site is served from this machine, gzip-compressed as static hosts such as
GitHub Pages serve it (an uncompressed local server would overstate every
page's weight about fourfold). Each page gets Lighthouse's default mobile run
(simulated slow 4G and a slowed CPU) for the performance and accessibility
categories, with the system's Chromium. Lighthouse itself comes from npm, pinned
in package.json (devDependencies): ``npm ci`` installs it; nothing else in the
project needs it, so it is a script, not a test.

The goals (issue "A reading experience to match the best technical books"):
accessibility 1.0 and mobile performance of at least 0.95 on every page, and no
page over 500 KiB on first load. The command prints one line per page and exits
non-zero, listing the pages that miss a goal. Scores from a simulated phone vary
by a point or two from run to run.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from .paths import ROOT

GOALS = {"accessibility": 1.0, "performance": 0.95}
MAX_BYTES = 500 * 1024
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync "
    "--disable-background-networking --disable-component-update"
)


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


#: Not measured: the print page is every page's content at once (about 2.5 MB), made
#: for paper, not for a phone on a slow network; its chapters are measured as pages.
NOT_MEASURED = {"/print/index.html"}


def pages_of(site: Path) -> list[str]:
    paths = ("/" + str(html.relative_to(site)) for html in site.rglob("*.html"))
    return sorted(p.removesuffix("index.html") for p in paths if p not in NOT_MEASURED)


def lighthouse_command() -> list[str]:
    local = ROOT / "node_modules" / ".bin" / "lighthouse"
    if local.exists():
        return [str(local)]
    sys.exit("Lighthouse is not installed: run `npm ci` in the repository (package.json pins it)")


def chromium() -> str:
    found = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chrome")
    if not found:
        sys.exit("no Chromium found: apt-get install chromium, or set CHROME_PATH")
    return found


def measure(url: str, command: list[str], browser: str) -> dict:
    """One Lighthouse run: scores, first-load bytes and the timings that make them."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                *command,
                url,
                "--only-categories=performance,accessibility",
                f"--chrome-flags={CHROME_FLAGS}",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
            ],
            env=os.environ | {"CHROME_PATH": browser},
            check=True,
            timeout=180,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    failing = [
        ref["id"]
        for ref in data["categories"]["accessibility"]["auditRefs"]
        if audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]
    return {
        "scores": {name: cat["score"] for name, cat in data["categories"].items()},
        "bytes": audits["total-byte-weight"]["numericValue"],
        "timings": {
            key: audits[key]["displayValue"]
            for key in (
                "first-contentful-paint",
                "largest-contentful-paint",
                "total-blocking-time",
                "cumulative-layout-shift",
            )
        },
        "accessibility_failures": failing,
        "lighthouse": data["lighthouseVersion"],
        # Lighthouse's CPU score of this host: its 4x slowdown assumes a high-end
        # desktop (about 1500-2000, Lighthouse's docs/throttling.md). Compare runs
        # from different machines only with it beside them.
        "benchmark_index": (data.get("environment") or {}).get("benchmarkIndex"),
        # What the unthrottled load really did (ms): a first frame drawn after the
        # load event makes the simulation count every earlier request against it.
        "observed": _observed(audits),
    }


#: Of the unthrottled load's timings (the "metrics" audit), those worth keeping.
OBSERVED = ("observedFirstContentfulPaint", "observedLargestContentfulPaint", "observedLoad")


def _observed(audits: dict) -> dict:
    items = ((audits.get("metrics") or {}).get("details") or {}).get("items") or [{}]
    return {key: items[0][key] for key in OBSERVED if key in items[0]}


def misses(result: dict) -> list[str]:
    found = [
        f"{name} {result['scores'][name]:.2f} < {goal}"
        for name, goal in GOALS.items()
        if result["scores"][name] is not None and result["scores"][name] < goal
    ]
    if result["bytes"] > MAX_BYTES:
        found.append(f"{result['bytes'] / 1024:.0f} KiB > {MAX_BYTES // 1024} KiB")
    return found + [f"failing audit {a}" for a in result["accessibility_failures"]]


def median_run(runs: list[dict]) -> dict:
    """Of several runs of one page, the one with the median performance score (the
    lower middle one of an even count). Lighthouse's simulated phone scales what it
    observes, so one run can be off by ten points on a busy machine; Lighthouse's
    own guidance on variability is to take the median of several runs."""
    ordered = sorted(runs, key=lambda run: run["scores"]["performance"] or 0)
    return ordered[(len(ordered) - 1) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hwguide.lighthouse", description=__doc__)
    parser.add_argument("site", type=Path, help="a built site (make site writes site/)")
    parser.add_argument("--pages", nargs="*", help="paths such as / or /lab/gpu-training/")
    parser.add_argument("--json", type=Path, help="also write every result here")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per page; the median one counts (default 3)"
    )
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site}: no index.html; build the site first (make site)")
    known = pages_of(args.site)
    if unknown := [p for p in args.pages or () if p not in known]:
        sys.exit(
            f"not pages of {args.site}: {' '.join(unknown)} (a page is written as its "
            f"address, such as / or /tensorflow/devices/; known: {' '.join(known)})"
        )
    command, browser = lighthouse_command(), chromium()
    results, bad = {}, {}
    with serve(args.site) as base:
        for path in args.pages or known:
            runs = [measure(base + path, command, browser) for _ in range(max(1, args.runs))]
            result = results[path] = median_run(runs)
            result["performance_runs"] = [run["scores"]["performance"] for run in runs]
            # Each run's unthrottled first paint (ms): a late one marks a run whose
            # score the simulation lowered, not a slower page (docs/contributing.md).
            result["first_paint_runs"] = [
                run["observed"].get("observedFirstContentfulPaint") for run in runs
            ]
            scores = " ".join(f"{k} {v:.2f}" for k, v in result["scores"].items())
            timings = ", ".join(f"{k} {v}" for k, v in result["timings"].items())
            every = "/".join(f"{score:.2f}" for score in result["performance_runs"])
            index = result.get("benchmark_index")
            host = f", host CPU index {index:.0f}" if index else ""
            print(
                f"{path:32} {scores} (runs {every})  {result['bytes'] / 1024:4.0f} KiB "
                f"({timings}{host})",
                flush=True,
            )
            if missed := misses(result):
                bad[path] = missed
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    for path, missed in bad.items():
        print(f"goal missed: {path}: {'; '.join(missed)}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
