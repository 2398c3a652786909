"""Browser libraries the site serves itself (no CDN): copied from npm, pinned, checked.

``package.json`` pins each library exactly and ``package-lock.json`` records the
npm integrity of the tarball. ``npm ci`` fetches them into ``node_modules/``
(ignored by git); ``python -m hwguide.vendor`` then copies each browser file into
``docs/assets/vendor/<name>-<version>.min.js`` and records its version, npm
integrity and SHA-256 in ``docs/assets/vendor/manifest.json``. The license of
each library sits beside it as ``LICENSE-<name>`` (written by hand: some npm
bundles ship none).

:func:`problems` needs no npm: tests/test_vendor.py runs it in CI, so a vendored
file that was edited, or that no longer matches the pin, fails the build.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

from .paths import DOCS, ROOT

VENDOR = DOCS / "assets" / "vendor"
LOCK = ROOT / "package-lock.json"

#: name on the site -> (npm package, file inside the package, license).
LIBRARIES = {
    "ajv2020": ("ajv-dist", "dist/ajv2020.min.js", "MIT"),
    # Web workers from file:// (Material's offline search); the offline edition only.
    "iframe_worker": ("iframe-worker", "shim/index.js", "MIT"),
}


def site_path(name: str) -> str:
    """The site-relative path of a vendored library, e.g. ``assets/vendor/x-1.0.min.js``."""
    package = LIBRARIES[name][0]
    return f"assets/vendor/{file_name(name, locked(package)['version'])}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def locked(package: str, lock: Path = LOCK) -> dict:
    """The package's entry in package-lock.json (version, integrity)."""
    entries = json.loads(lock.read_text(encoding="utf-8"))["packages"]
    entry = entries.get(f"node_modules/{package}")
    if entry is None:
        raise SystemExit(f"{lock.name}: {package} is not locked; add it to package.json")
    return entry


def file_name(name: str, version: str) -> str:
    return f"{name}-{version}.min.js"


def vendor(node_modules: Path = ROOT / "node_modules", out: Path = VENDOR) -> dict:
    """Copy every library from node_modules (after ``npm ci``) and write the manifest."""
    manifest = {}
    for name, (package, inner, license_) in LIBRARIES.items():
        entry = locked(package)
        installed = json.loads((node_modules / package / "package.json").read_text("utf-8"))
        if installed["version"] != entry["version"]:
            raise SystemExit(
                f"node_modules has {package} {installed['version']}, the lock "
                f"{entry['version']}: run `npm ci` first"
            )
        target = out / file_name(name, entry["version"])
        for old in out.glob(f"{name}-*.min.js"):
            if old != target:
                old.unlink()
        shutil.copyfile(node_modules / package / inner, target)
        manifest[target.name] = {
            "package": package,
            "version": entry["version"],
            "file_in_package": inner,
            "npm_integrity": entry["integrity"],
            "sha256": sha256(target),
            "license": license_,
            "license_file": f"LICENSE-{name}",
        }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def problems(out: Path = VENDOR, lock: Path = LOCK) -> list[str]:
    """What is wrong with the vendored files, each said with what to do (empty: all fine)."""
    found = []
    redo = "run `npm ci && python -m hwguide.vendor`"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name, (package, inner, license_) in LIBRARIES.items():
        entry = locked(package, lock)
        expected = file_name(name, entry["version"])
        record = manifest.get(expected)
        where = f"docs/assets/vendor/{expected}"
        if record is None:
            found.append(f"manifest.json has no {expected} ({package} {entry['version']}): {redo}")
            continue
        if (record["package"], record["file_in_package"]) != (package, inner):
            found.append(f"manifest.json: {expected} is not {package}/{inner}: {redo}")
        if record["version"] != entry["version"] or record["npm_integrity"] != entry["integrity"]:
            found.append(f"manifest.json: {expected} does not match package-lock.json: {redo}")
        path = out / expected
        if not path.is_file():
            found.append(f"{where} is missing: {redo}")
        elif sha256(path) != record["sha256"]:
            found.append(f"{where} was changed after vendoring (sha256 differs): {redo}")
        licence = out / record["license_file"]
        if record["license"] != license_ or not licence.is_file():
            found.append(f"{where}: its license file {licence.name} ({license_}) is missing")
        elif license_ not in licence.read_text(encoding="utf-8"):
            found.append(f"docs/assets/vendor/{licence.name} does not state the {license_} license")
    stray = {p.name for p in out.glob("*.js")} - set(manifest)
    found += [f"docs/assets/vendor/{s} is not in manifest.json: {redo}" for s in sorted(stray)]
    return found


if __name__ == "__main__":
    vendor()
    issues = problems()
    print("\n".join(issues) or f"vendored into {VENDOR}")
    sys.exit(1 if issues else 0)
