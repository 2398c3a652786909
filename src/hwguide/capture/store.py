"""Reading and writing capture files: validated on read, atomic on write."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from ..paths import CAPTURES, relative
from .schema import Capture


class CaptureError(Exception):
    """A capture file that cannot be used; the message says which file and field."""


def load(path: Path) -> Capture:
    where = relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CaptureError(f"{where}: cannot read ({error.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CaptureError(
            f"{where}:{error.lineno}:{error.colno}: not valid JSON ({error.msg}). "
            "Re-create it with `make capture RUNNER=<runner>` or restore it from git."
        ) from None
    try:
        return Capture.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"field {'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}"
            for e in error.errors()[:5]
        )
        more = f" (and {error.error_count() - 5} more)" if error.error_count() > 5 else ""
        raise CaptureError(
            f"{where}: invalid capture: {problems}{more}. Captures are written by "
            "`make capture`; never edit one by hand."
        ) from None


def load_all(folder: Path = CAPTURES) -> dict[str, Capture]:
    """Every capture, keyed by runner name (the file stem), in a stable order."""
    captures = {}
    for path in sorted(folder.glob("*.json")):
        capture = load(path)
        if capture.provenance.runner != path.stem:
            raise CaptureError(
                f"{relative(path)}: field provenance.runner is {capture.provenance.runner!r} "
                f"but the file is named {path.name}"
            )
        captures[path.stem] = capture
    return captures


def write_atomic(path: Path, capture: Capture) -> None:
    atomic_text(path, capture.model_dump_json(indent=1) + "\n")


def atomic_text(path: Path, text: str) -> None:
    """Write so that an interrupted run never leaves a partial file: the new
    content goes to a temporary file in the same folder, is flushed to disk,
    and replaces the old file in one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
