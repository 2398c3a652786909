"""The Lighthouse script (src/hwguide/lighthouse.py): its goals and its server, no browser."""

from __future__ import annotations

import gzip
import json
import urllib.request
from pathlib import Path

import pytest

from hwguide import lighthouse

pytestmark = pytest.mark.static


def result(performance=1.0, accessibility=1.0, kib=300, failing=()):
    return {
        "scores": {"performance": performance, "accessibility": accessibility},
        "bytes": kib * 1024,
        "accessibility_failures": list(failing),
    }


def test_a_page_that_meets_every_goal_misses_none():
    assert lighthouse.misses(result()) == []
    assert lighthouse.misses(result(performance=0.95)) == []


def test_each_missed_goal_is_named():
    missed = lighthouse.misses(result(0.9, 0.97, 600, ["color-contrast"]))
    assert missed == [
        "accessibility 0.97 < 1.0",
        "performance 0.90 < 0.95",
        "600 KiB > 500 KiB",
        "failing audit color-contrast",
    ]


def test_the_server_compresses_like_a_static_host(tmp_path):
    (tmp_path / "index.html").write_text("<h1>hello</h1>" * 100, encoding="utf-8")
    (tmp_path / "lab").mkdir()
    (tmp_path / "lab" / "index.html").write_text("lab", encoding="utf-8")
    assert lighthouse.pages_of(tmp_path) == ["/", "/lab/"]
    with lighthouse.serve(tmp_path) as base:
        request = urllib.request.Request(base + "/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).decode() == "<h1>hello</h1>" * 100
        with urllib.request.urlopen(base + "/lab/", timeout=10) as response:  # no gzip asked
            assert response.read() == b"lab"


def test_the_median_run_of_a_page_counts():
    runs = [result(performance=p) for p in (0.97, 0.81, 0.95)]
    assert lighthouse.median_run(runs)["scores"]["performance"] == 0.95
    assert lighthouse.median_run(runs[:2])["scores"]["performance"] == 0.81  # lower middle


def test_a_page_that_the_site_lacks_is_named_before_any_run(tmp_path):
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "index.html").write_text("<p>cpu</p>", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        lighthouse.main([str(tmp_path), "--pages", "/cpu/", "/hardware/devices/"])
    message = str(stopped.value)
    assert "not pages of" in message and "/hardware/devices/" in message
    assert "known: / /cpu/" in message


def test_a_run_records_the_hosts_cpu_index_beside_its_scores(monkeypatch):
    """Lighthouse's slowdown is relative to the host, so each result says how fast it was."""

    def fake_lighthouse(command, **_):
        report = Path(next(a for a in command if a.startswith("--output-path=")).split("=", 1)[1])
        audits = {
            key: {"displayValue": "1 s", "score": 1}
            for key in (
                "first-contentful-paint",
                "largest-contentful-paint",
                "total-blocking-time",
                "cumulative-layout-shift",
            )
        }
        audits["total-byte-weight"] = {"numericValue": 1024}
        audits["metrics"] = {
            "details": {"items": [{"observedFirstContentfulPaint": 1225, "observedLoad": 260}]}
        }
        report.write_text(
            json.dumps(
                {
                    "audits": audits,
                    "categories": {
                        "performance": {"score": 0.97},
                        "accessibility": {"score": 1, "auditRefs": []},
                    },
                    "lighthouseVersion": "12.8.2",
                    "environment": {"benchmarkIndex": 1646.5},
                }
            ),
            encoding="utf-8",
        )

    monkeypatch.setattr(lighthouse.subprocess, "run", fake_lighthouse)
    measured = lighthouse.measure("http://127.0.0.1/", ["lighthouse"], "chromium")
    assert measured["benchmark_index"] == 1646.5
    assert measured["observed"] == {"observedFirstContentfulPaint": 1225, "observedLoad": 260}
    assert measured["scores"]["performance"] == 0.97
