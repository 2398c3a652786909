"""Properties of the built site that no single page test sees."""

from __future__ import annotations

import json
import re

SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def test_inline_svgs_survive_markdown(built_site):
    """Diagrams and charts are inline SVG; Markdown must not cut them into <p>s."""
    broken = []
    count = 0
    for page in built_site.rglob("*.html"):
        for svg in SVG.findall(page.read_text(encoding="utf-8")):
            count += 1
            if "<p>" in svg or "</p>" in svg:
                broken.append(f"{page.relative_to(built_site)}: {svg[:80]}...")
    assert count >= 5, "expected the diagrams and charts as inline SVG"
    assert not broken, "SVG broken by Markdown:\n" + "\n".join(broken)


def test_a_style_inside_an_svg_styles_only_that_svg(built_site):
    """Inline in a page, an SVG's <style> applies to the whole page: the print page
    holds every diagram, and one diagram's .fg or text rule redrew the others. Each
    rule names its SVG's id (diagrams: id="dg-<file name>", set in the file)."""
    loose = []
    for page in built_site.rglob("*.html"):
        for svg in SVG.findall(page.read_text(encoding="utf-8")):
            root = re.match(r"<svg\b[^>]*>", svg)[0]
            own = re.search(r'\sid="([^"]+)"', root)
            for style in re.findall(r"<style\b[^>]*>(.*?)</style>", svg, re.DOTALL):
                for selectors in re.findall(r"([^{}]+)\{", style):
                    for selector in selectors.split(","):
                        if not own or not selector.strip().startswith(f"#{own[1]} "):
                            loose.append(f"{page.relative_to(built_site)}: {selector.strip()}")
    assert not loose, "SVG style rules not scoped to their SVG's id:\n" + "\n".join(
        sorted(set(loose))
    )


def test_no_page_loads_third_party_scripts_or_styles(built_site):
    pattern = re.compile(r"""<(?:script|link)[^>]+(?:src|href)=["']https?://""", re.IGNORECASE)
    offenders = [
        str(page.relative_to(built_site))
        for page in built_site.rglob("*.html")
        if pattern.search(page.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_strict_build_passes(site_build):
    result, _ = site_build
    problems = [
        line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))
    ]
    assert result.returncode == 0, "the strict site build failed:\n" + "\n".join(
        problems or [result.stdout, result.stderr]
    )


def test_chart_internals_stay_out_of_the_search_index(built_site):
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "matrix size n" not in index  # an axis label of the matmul chart
    assert "Matrix multiply" in index  # the section itself is found


def test_python_code_stays_out_of_the_search_index_and_outputs_stay_in(built_site):
    """Whole snippet files were a quarter of the index; the prose explains the APIs,
    and a pasted error message should still find the page that shows it."""
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    text = re.sub(r"<[^>]+>", "", " ".join(doc["text"] for doc in index["docs"]))
    assert "tf.config.LogicalDeviceConfiguration()])" not in text  # snippets/devices/split_cpu.py
    assert "Virtual devices cannot be modified after being initialized" in text  # its output
