"""``python -m hwguide``: the project's command line (see ``--help``)."""

from __future__ import annotations

import argparse
import sys


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
        required=True,
        help="name for this machine, e.g. cpu-2core or gpu-h100 (the file name)",
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
    args = parser.parse_args(argv)

    from .capture.run import capture

    capture(args.runner, args.profile, args.only, argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
