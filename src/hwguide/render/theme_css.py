"""Changes to the theme's own style sheets, made as the build copies them.

One so far. Material's palette style sheet turns transitions off for every element
while the colour scheme switches::

    [data-md-color-switching] *, ... {transition-duration: 0s !important}

Its script sets and removes that attribute on <body> on every page load, not only
when the reader switches, and a rule on "*" under an attribute of <body> makes the
browser restyle the whole page each time the attribute comes or goes: on the
hardware registry page that was 57 of 195 ms of style work at load on this
project's test machine, and about four times as much on Lighthouse's slowed phone,
where it made most of the page's blocking time. The build drops the rule; the
template (overrides/main.html) sets a class of its own only when the reader really
switches (or the system's scheme changes), and extra.css turns transitions off
under that class, so a switch still changes every colour at once.
"""

from __future__ import annotations

import re

#: The theme's style sheet that holds the rule (its name carries a content hash).
PALETTE_CSS = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")

#: Material 9.8's rule, exactly as its minified style sheet has it.
SWITCHING_RULE = (
    "[data-md-color-switching] *,[data-md-color-switching] :after,"
    "[data-md-color-switching] :before{transition-duration:0s!important}"
)


class ThemeChanged(Exception):
    """The theme's style sheet no longer holds what this module changes."""


def without_switching_rule(css: str, name: str) -> str:
    """``css`` (the theme's palette style sheet, called ``name``) without the rule."""
    if css.count(SWITCHING_RULE) != 1:
        raise ThemeChanged(
            f"{name}: Material's rule that turns transitions off while the colour "
            f"scheme switches was not found as src/hwguide/render/theme_css.py expects "
            f"it ({SWITCHING_RULE}). The theme has changed: find the rule's new form in "
            f"that style sheet and update SWITCHING_RULE, or drop this step if the "
            f"theme no longer sets the attribute at every page load."
        )
    return css.replace(SWITCHING_RULE, "")
