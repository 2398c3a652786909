"""The browser libraries in docs/assets/vendor/ are the pinned npm files, unchanged,
with their licenses (src/hwguide/vendor.py). No npm needed: CI has none."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

from hwguide import vendor
from hwguide.paths import DOCS, ROOT


def test_vendored_files_match_the_manifest_and_the_lock():
    assert vendor.problems() == []
    manifest = json.loads((vendor.VENDOR / "manifest.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    pins = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert manifest, "manifest.json lists no file"
    for name, record in manifest.items():
        path = vendor.VENDOR / name
        # Computed here, not by the module under test.
        assert hashlib.sha256(path.read_bytes()).hexdigest() == record["sha256"], name
        assert pins[record["package"]] == record["version"], "package.json pins exactly"
        assert lock[f"node_modules/{record['package']}"]["integrity"] == record["npm_integrity"]
        assert name == f"{name.split('-')[0]}-{record['version']}.min.js"
        licence = (vendor.VENDOR / record["license_file"]).read_text(encoding="utf-8")
        assert record["license"] in licence and "Copyright" in licence


def test_every_vendored_script_a_page_loads_is_in_the_manifest():
    manifest = json.loads((vendor.VENDOR / "manifest.json").read_text(encoding="utf-8"))
    loaded = set()
    for page in DOCS.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        loaded |= {name for name in manifest if name in text}
        # Pages name their scripts in front matter (overrides/main.html links them).
        for script in re.findall(r"^  - assets/vendor/(\S+)$", text, re.MULTILINE):
            assert script in manifest, f"{page.relative_to(ROOT)} loads {script}, not vendored"
    # The file:// worker shim is loaded by the offline edition's build (mkdocs_hooks).
    loaded |= {name for name in manifest if name.startswith("iframe_worker-")}
    assert loaded == set(manifest), f"vendored but used by no page: {set(manifest) - loaded}"


def test_an_edited_or_unlisted_file_is_reported(tmp_path):
    copy = tmp_path / "vendor"
    shutil.copytree(vendor.VENDOR, copy)
    assert vendor.problems(copy) == []
    script = next(copy.glob("*.min.js"))
    script.write_bytes(script.read_bytes() + b"\n")
    (copy / "extra-1.0.0.min.js").write_text("", encoding="utf-8")
    found = "\n".join(vendor.problems(copy))
    assert f"{script.name} was changed after vendoring" in found
    assert "extra-1.0.0.min.js is not in manifest.json" in found
    assert "python -m hwguide.vendor" in found
