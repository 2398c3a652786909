"""Notebooks: reviewable jupytext sources in ``notebooks/``, executed by the
capture command into ``captures/notebooks/<runner>/<name>.ipynb``.

The site shows the executed notebook of the best runner (a GPU one when there
is one), with its provenance; the build never executes anything.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from ..paths import CAPTURES, ROOT, relative
from ..snippets import source_hash

NOTEBOOKS = ROOT / "notebooks"
EXECUTED = CAPTURES / "notebooks"
#: LAB_SIZE per capture profile. A capture runs the lab at full size (about three minutes
#: on 2 CPU cores), so the page shows the real comparison; smoke runs and the tests use small.
SIZES = {"smoke": "small", "quick": "full", "full": "full"}


#: Notebooks that are tools, not labs: they run the capture command themselves, so
#: capturing them would run the capture inside the capture, and they have nothing to
#: show as a lab page. They are offered for download (the reproduce page) and executed
#: by their own test (tests/test_byom_notebook.py), never captured or rendered.
TOOLS = ("capture_your_machine.py",)


def sources() -> list[Path]:
    """The lab notebooks: captured, and shown as pages."""
    return sorted(p for p in NOTEBOOKS.glob("*.py") if p.name not in TOOLS)


def tools() -> list[Path]:
    """The tool notebooks (:data:`TOOLS`)."""
    return [NOTEBOOKS / name for name in TOOLS]


#: The settings line of a tool notebook that names the GitHub repository to clone.
REPOSITORY_LINE = 'REPOSITORY = ""'


def download_path(source: Path) -> str:
    """Where a tool notebook is offered for download: site-relative .ipynb path."""
    return f"notebooks/{source.stem.replace('_', '-')}.ipynb"


def colab_copy(source: Path) -> Path:
    """The committed .ipynb copy of a tool notebook, which Colab opens from GitHub
    (it cannot open a jupytext script); a test keeps its cells equal to the source."""
    return source.with_suffix(".ipynb")


def download(source: Path, repository: str = "") -> str:
    """A tool notebook as an .ipynb file for readers, its ``REPOSITORY`` setting filled
    with ``repository`` ("owner/name") when the build knows it."""
    import jupytext

    notebook = read(source)
    if repository:
        cells = [c for c in notebook.cells if c.cell_type == "code" and REPOSITORY_LINE in c.source]
        if len(cells) != 1:
            raise ValueError(
                f"{relative(source)}: needs exactly one code cell with the line "
                f"{REPOSITORY_LINE!r} (the build fills in the repository there); found {len(cells)}"
            )
        filled = f"REPOSITORY = {json.dumps(repository)}"
        cells[0].source = cells[0].source.replace(REPOSITORY_LINE, filled, 1)
    return jupytext.writes(notebook, fmt="ipynb")


def site_path(source: Path) -> str:
    """Where the notebook appears on the site: docs-relative .ipynb path."""
    return f"lab/{source.stem.replace('_', '-')}.ipynb"


def read(source: Path):
    import jupytext

    notebook = jupytext.read(source)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def execute(source: Path, size: str, timeout: int = 1800):
    """Run every cell in a fresh kernel; any error raises (allow_errors=False)."""
    from nbclient import NotebookClient

    from ..tfenv import QUIET_ENV

    notebook = read(source)
    saved = {k: os.environ.get(k) for k in ("LAB_SIZE", *QUIET_ENV)}
    os.environ.update({"LAB_SIZE": size, **QUIET_ENV})  # the kernel inherits these
    try:
        with tempfile.TemporaryDirectory(prefix="hwguide-nb-") as scratch:
            NotebookClient(
                notebook,
                timeout=timeout,
                kernel_name="python3",
                allow_errors=False,
                resources={"metadata": {"path": scratch}},
            ).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return notebook


def capture(source: Path, runner: str, session, profile: str, folder: Path | None = None) -> Path:
    """Execute ``source`` and store it for ``runner`` in ``folder`` (default:
    ``captures/notebooks/``), with the session (a :class:`~.schema.Session`) whose
    date, commit and versions it ran with."""
    import nbformat

    from ..tfenv import strip_noise
    from . import store

    size = SIZES[profile]
    notebook = execute(source, size)
    for cell in notebook.cells:  # TensorFlow's start-up banners are not output
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                output["text"] = strip_noise(output["text"])
                if not output["text"].strip():
                    continue
            kept.append(output)
        cell["outputs"] = kept
    notebook.metadata["hwguide"] = {
        "runner": runner,
        "session": store.seal(session).model_dump(mode="json"),
        "lab_size": size,
        "source": relative(source),
        "source_hash": source_hash(source),
        "captured_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }
    target = (EXECUTED if folder is None else folder) / runner / f"{source.stem}.ipynb"
    store.atomic_text(target, nbformat.writes(notebook) + "\n")
    return target


def captured(source: Path) -> list[tuple[str, dict, Path]]:
    """(runner, hwguide metadata, path) of each executed copy of ``source``."""
    found = []
    for path in sorted(EXECUTED.glob(f"*/{source.stem}.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("hwguide", {})
        found.append((path.parent.name, meta, path))
    return found


def session_of(meta: dict, path: Path):
    """The :class:`~.schema.Session` an executed notebook records, verified."""
    from pydantic import ValidationError

    from .schema import Session
    from .store import CaptureError, digest

    try:
        session = Session.model_validate(meta.get("session"))
    except ValidationError as error:
        raise CaptureError(
            f"{relative(path)}: metadata.hwguide.session is missing or invalid "
            f"({error.errors()[0]['msg']}). Re-capture the notebook: "
            f"make capture ONLY={meta.get('source', 'notebooks/')}"
        ) from None
    if session.digest != digest(session):
        raise CaptureError(
            f"{relative(path)}: metadata.hwguide.session does not match its digest (edited by "
            f"hand?). Restore it with `git checkout -- {relative(path)}` or re-capture it."
        )
    return session
