"""The build's one change to the theme's style sheets (hwguide/render/theme_css.py)."""

from __future__ import annotations

import pytest

from hwguide.render import theme_css


def test_the_site_ships_the_palette_style_sheet_without_the_load_time_switching_rule(
    built_site,
):
    sheets = list((built_site / "assets" / "stylesheets").glob("palette.*.min.css"))
    assert len(sheets) == 1, sheets
    css = sheets[0].read_text(encoding="utf-8")
    assert "data-md-color-switching" not in css
    assert "--md-default-bg-color" in css  # the rest of the sheet is there
    # What replaces it: a class set only when the reader switches (tests/test_browser.py).
    assert ".hw-scheme-switching *" in (built_site / "assets" / "extra.css").read_text("utf-8")


def test_the_rule_is_removed_and_nothing_else():
    css = "a{color:red}" + theme_css.SWITCHING_RULE + "b{color:blue}"
    assert theme_css.without_switching_rule(css, "p.css") == "a{color:red}b{color:blue}"


def test_a_theme_without_the_rule_fails_the_build_naming_the_sheet_and_what_to_do():
    with pytest.raises(theme_css.ThemeChanged) as failure:
        theme_css.without_switching_rule("a{color:red}", "/theme/palette.abc.min.css")
    message = str(failure.value)
    assert "/theme/palette.abc.min.css" in message
    assert "update SWITCHING_RULE" in message
