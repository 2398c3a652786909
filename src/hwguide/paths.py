"""Where things live in the repository. Every other module asks here."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
CAPTURES = ROOT / "captures"
REGISTRY = ROOT / "registry"
MKDOCS_YML = ROOT / "mkdocs.yml"


def relative(path: Path | str) -> str:
    """A repository-relative POSIX path for messages and capture keys."""
    path = Path(path).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
