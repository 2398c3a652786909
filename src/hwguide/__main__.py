"""``python -m hwguide``: the project's command line (see ``--help``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m hwguide")
    commands = parser.add_subparsers(dest="command", required=True)
    cap = commands.add_parser(
        "capture",
        help="run every snippet and benchmark here and record outputs with provenance",
    )
    cap.add_argument(
        "--runner",
        help="the runner (file) name; by default derived from this machine, "
        "e.g. cpu-zen4-avx512-2c or gpu-h100-80gb-hbm3",
    )
    cap.add_argument(
        "--profile",
        choices=["quick", "full", "smoke"],
        default="quick",
        help="benchmark sizes: quick for laptops/CI-sized machines, full for GPUs",
    )
    cap.add_argument(
        "--only",
        nargs="+",
        metavar="PATH",
        help="re-run only snippets whose path starts with one of these",
    )
    cap.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        help="write <runner>.json and notebooks/<runner>/ into DIR instead of the "
        "repository's captures/ folder (e.g. to try the command, or to contribute the file)",
    )
    args = parser.parse_args(argv)

    from .capture.run import capture

    try:
        capture(args.runner, args.profile, args.only, argv, out=args.out)
    except KeyboardInterrupt:  # before any record was finished (e.g. during the probe)
        print("interrupted before any record was finished: nothing was written", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
