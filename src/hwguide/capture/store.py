"""Reading and writing capture files: validated and verified on read, sealed and
atomic on write.

Sealing: the machine, every session and every record carry ``digest``, the
SHA-256 of their own canonical JSON (sorted keys, the digest left out). The
capture command writes them; loading recomputes them, so an edit by hand (even
one that keeps the file valid) is reported with the file and the record. It
detects edits, it does not prevent them: anyone can recompute a digest, and
the git history of ``captures/`` is the record of who changed what.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from ..paths import CAPTURES, relative
from .schema import SCHEMA_VERSION, Capture, Sealed


class CaptureError(Exception):
    """A capture file that cannot be used; the message says which file and field."""


def recovery(path: Path) -> str:
    """What to do about a broken capture file, said the same way everywhere."""
    where = relative(path)
    return (
        f"Restore it with `git checkout -- {where}`, or replace it with a full capture on "
        f"the machine it describes (`make capture RUNNER={path.stem}`, without ONLY, "
        "replaces an unreadable file). Captures are written by `make capture`; never edit "
        "one by hand."
    )


def digest(part: Sealed) -> str:
    content = part.model_dump(mode="json", exclude={"digest"})
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seal(part: Sealed):
    return part.model_copy(update={"digest": digest(part)})


def sealed(capture: Capture) -> Capture:
    """``capture`` with every digest (re)computed."""
    return capture.model_copy(
        update={
            "machine": seal(capture.machine),
            "sessions": {k: seal(v) for k, v in capture.sessions.items()},
            "snippets": {k: seal(v) for k, v in capture.snippets.items()},
            "benchmarks": {k: seal(v) for k, v in capture.benchmarks.items()},
        }
    )


def _parts(capture: Capture):
    yield "machine", capture.machine
    for group in ("sessions", "snippets", "benchmarks"):
        for key, part in getattr(capture, group).items():
            yield f"{group}[{key!r}]", part


def verify(capture: Capture, path: Path) -> None:
    for name, part in _parts(capture):
        if part.digest != digest(part):
            state = "has no digest" if part.digest is None else "does not match its digest"
            raise CaptureError(
                f"{relative(path)}: {name} {state}: it was changed after the capture "
                f"command wrote it. {recovery(path)}"
            )


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
            f"{where}:{error.lineno}:{error.colno}: not valid JSON ({error.msg}). " + recovery(path)
        ) from None
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version != SCHEMA_VERSION:
        raise CaptureError(
            f"{where}: schema_version {version!r}, but this tooling reads version "
            f"{SCHEMA_VERSION}. Re-capture it on its machine, or update the tooling."
        )
    try:
        capture = Capture.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"field {'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}"
            for e in error.errors()[:5]
        )
        more = f" (and {error.error_count() - 5} more)" if error.error_count() > 5 else ""
        raise CaptureError(
            f"{where}: invalid capture: {problems}{more}. {recovery(path)}"
        ) from None
    verify(capture, path)
    return capture


def load_all(folder: Path = CAPTURES) -> dict[str, Capture]:
    """Every capture, keyed by runner name (the file stem), in a stable order."""
    captures = {}
    for path in sorted(folder.glob("*.json")):
        capture = load(path)
        if capture.runner != path.stem:
            raise CaptureError(
                f"{relative(path)}: field runner is {capture.runner!r} "
                f"but the file is named {path.name}"
            )
        captures[path.stem] = capture
    return captures


def json_schema() -> str:
    """The capture format as JSON Schema (published with the site, for other tools)."""
    return json.dumps(Capture.model_json_schema(), indent=1) + "\n"


def write_atomic(path: Path, capture: Capture) -> None:
    atomic_text(path, sealed(capture).model_dump_json(indent=1) + "\n")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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
        # mkstemp makes the file private (0600); give it the mode a plain open()
        # would, so that the site build and a web server can read the copy it
        # publishes (git keeps no such mode: this matters on the capturing machine).
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
