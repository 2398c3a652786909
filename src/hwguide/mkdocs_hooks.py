"""MkDocs hooks: the site's only custom build logic.

Kept as plain hook functions (no plugin packaging) so that moving to another
MkDocs-compatible generator means porting one small file.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from hwguide import snippets


def on_config(config, **_):
    # Expand includes with exactly the options this build uses.
    snippets.use_options(config["mdx_configs"].get("pymdownx.snippets", {}))
    return config


def on_page_markdown(markdown: str, page, **_) -> str:
    where = "docs/" + page.file.src_uri
    try:
        # The raw file, front matter included, so that line numbers match the editor's.
        snippets.check_includes(page.file.content_string, where)
    except snippets.SnippetError as error:
        raise PluginError(str(error)) from None
    return markdown
