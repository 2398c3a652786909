"""MkDocs hooks: the site's only custom build logic.

Kept as plain hook functions (no plugin packaging) so that moving to another
MkDocs-compatible generator means porting one small file. The work is done by
``hwguide.render``; this file wires it to MkDocs events. No TensorFlow here.

Directives a page may use, each alone on its line:

    <!-- benchmark: table NAME -->     results of one benchmark, every runner
    <!-- benchmark: chart NAME -->     roofline|matmul|training|bandwidth|speedup: SVG + data
    <!-- captures: downloads -->       the raw capture files and their machines
    <!-- references -->               every chapter's "## Sources", collected
    <!-- hardware: table|ridge|registry|fields ... -->   from registry/*.yaml
    <!-- estimator: calibration -->   roofline bounds beside the captured matmuls
    <!-- notebook: colab NAME -->      "Open in Colab" for a tool notebook, if the repo is known
    <!-- offline: download -->        the offline edition's zip, when `make offline` made one
    <!-- repository: source|clone -->  the source's link, the clone command (if the repo is known)

And inline, inside a sentence:

    <!-- ratio: BENCH A / B [expect=faster|slower] -->   a measured speed ratio, per runner
    <!-- fig: PART KEY [unit=U] [bare] [detail] [cite] -->   a hardware figure

(``hwguide.render.figures`` documents the hardware placeholders.)

Under every snippet a page includes, the captured output is added automatically.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from hwguide import offline, registry, snippets, vendor
from hwguide.capture import notebooks, store
from hwguide.paths import CAPTURES, DOCS, ROOT, relative
from hwguide.render import (
    calibration,
    charts,
    claims,
    figures,
    notebook,
    outputs,
    print_page,
    references,
    repository,
    tables,
    theme_css,
)
from hwguide.render.code_spans import sub_outside_code
from hwguide.render.labels import html_code, machine_label, provenance_line, runner_label
from hwguide.snippets import source_hash

log = logging.getLogger("mkdocs.hooks.hwguide")
DIRECTIVE = re.compile(
    r"^<!--\s*(?P<kind>benchmark|captures|references|hardware|estimator|notebook|offline|repository)\b:?\s*(?P<args>[^>]*?)\s*-->\s*$",
    re.MULTILINE,
)
_state: dict = {}


def on_config(config, **_):
    # The tooling reads snippets and captures next to its own package: building
    # another checkout with this one's package would publish this one's data.
    building = Path(config["docs_dir"]).resolve()
    if building != DOCS.resolve():
        raise PluginError(
            f"this build is of {building.parent}, but the hwguide package in use is the one "
            f"in {DOCS.parent} (it reads snippets and captures from there). Build each "
            "checkout with its own environment: run `make site` or `make serve` in it, or "
            f"`pip install -e {building.parent}` into this environment."
        )
    # The offline edition (OFFLINE=true): Material's offline plugin, whose on_config
    # ran before this hook, loads its file:// worker shim from unpkg.com; the site
    # serves its own pinned copy instead (no third-party request, works offline).
    polyfills = config.extra.get("polyfills") or []
    config.extra["polyfills"] = [
        vendor.site_path("iframe_worker") if "iframe-worker" in url else url for url in polyfills
    ]
    # The source repository, when the build knows it (GitHub Actions sets it): each
    # page's edit button and a footer link. Plain links, no repo_url (see mkdocs.yml).
    try:
        repo = _state["repository"] = repository.name(config["extra"])
    except repository.RepositoryError as error:
        raise PluginError(str(error)) from None
    if repo:
        config["edit_uri"] = config["edit_uri"] or repository.edit_uri(repo)
        links = list(config["extra"].get("social") or [])
        if repository.social(repo) not in links:
            config["extra"]["social"] = [*links, repository.social(repo)]
    # Expand includes with exactly the options this build uses.
    snippets.use_options(config["mdx_configs"].get("pymdownx.snippets", {}))
    try:
        _state["captures"] = store.load_all(CAPTURES)
    except store.CaptureError as error:
        raise PluginError(str(error)) from None
    try:
        _state["registry"] = registry.load()
    except registry.RegistryError as error:
        raise PluginError(str(error)) from None
    _state["hashes"] = {}
    _add_line_numbers_to_link_warnings(Path(config["docs_dir"]))
    for runner, capture in _state["captures"].items():
        stale = [s for s, run in capture.snippets.items() if _is_stale(s, run, capture.kind)]
        if stale:  # INFO, not WARNING: a stale record is flagged on its page, it does not fail
            log.info(
                "capture %s is stale for %d snippet(s): %s", runner, len(stale), ", ".join(stale)
            )
        if capture.kind != "cpu":
            continue
        for snippet, run in capture.snippets.items():
            if run.failure and not _is_stale(snippet, run, capture.kind):
                # An error fails `mkdocs build --strict` (and CI); `make serve` shows the page.
                log.error(
                    "captures/%s.json: %s failed when captured (%s). Fix it, then re-run "
                    "`make capture RUNNER=%s ONLY=%s`.",
                    runner,
                    snippet,
                    run.failure,
                    runner,
                    snippet,
                )
    return config


_LINK_WARNING = re.compile(
    r"^Doc file '(?P<file>[^']+)' contains (?:a|an absolute|an unrecognized relative) link "
    r"(?:to )?'(?P<link>[^']+)'"
)


class _LinkLineNumbers(logging.Filter):
    """MkDocs names the page and the link of a broken link, not its line: add it."""

    def __init__(self, docs: Path) -> None:
        super().__init__()
        self.docs = docs

    def filter(self, record: logging.LogRecord) -> bool:
        match = _LINK_WARNING.match(str(record.msg))
        if match and not getattr(record, "hwguide_lined", False):
            record.hwguide_lined = True
            path = self.docs / match["file"]
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError:
                return True
            target = match["link"].split("#")[0] or match["link"]
            number = next((n for n, line in enumerate(lines, 1) if target in line), None)
            where = f"docs/{match['file']}" + (f":{number}" if number else "")
            record.msg = f"{where}: {record.getMessage()}"
            record.args = ()
        return True


def _add_line_numbers_to_link_warnings(docs: Path) -> None:
    logger = logging.getLogger("mkdocs.structure.pages")
    for existing in [f for f in logger.filters if isinstance(f, _LinkLineNumbers)]:
        logger.removeFilter(existing)  # `mkdocs serve` runs on_config on every rebuild
    logger.addFilter(_LinkLineNumbers(docs))


def _current_hash(snippet: str) -> str | None:
    from hwguide.capture.run import snippet_hash
    from hwguide.paths import ROOT

    hashes = _state["hashes"]
    if snippet not in hashes:
        path = ROOT / snippet
        hashes[snippet] = snippet_hash(path) if path.is_file() else None
    return hashes[snippet]


def _is_stale(snippet: str, run, kind: str) -> bool:
    return outputs.is_stale(snippet, run, _current_hash(snippet), kind)


@event_priority(100)  # before mkdocs-jupyter, which turns .ipynb files into pages
def on_files(files, config, **_):
    _trim_theme_css(files, config)
    # Publish the raw captures and the hardware registry so readers can download them.
    for path in sorted(CAPTURES.glob("*.json")):
        files.append(File.generated(config, f"captures/{path.name}", abs_src_path=str(path)))
    reg = _state["registry"]
    for name, content in (
        ("hardware.json", registry.to_json(reg)),
        ("hardware.csv", registry.to_csv(reg)),
        ("hardware.schema.json", registry.json_schema()),
        ("capture.schema.json", store.json_schema()),
    ):
        files.append(File.generated(config, f"data/{name}", content=content))
    # Each notebook appears as its executed capture (a GPU runner's if any). It is
    # copied into a build folder because mkdocs-jupyter only renders files that
    # have a real source folder (it ignores in-memory and "generated" files).
    if "notebook_dir" not in _state:  # once per process: `mkdocs serve` rebuilds reuse it
        _state["notebook_dir"] = tempfile.mkdtemp(prefix="hwguide-nb-")
    folder = Path(_state["notebook_dir"])
    _state["notebooks"] = {}
    for source in notebooks.sources():
        uri = notebooks.site_path(source)
        runs = notebooks.captured(source)
        # Shown: a GPU runner's copy if any, then a fresh one, then the newest.
        kinds = {r: c.kind for r, c in _state["captures"].items()}
        current = source_hash(source)
        runs.sort(
            key=lambda run: (
                kinds.get(run[0]) == "gpu",
                run[1].get("source_hash") == current,
                run[1].get("captured_at", ""),
            ),
            reverse=True,
        )
        target = folder / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if runs:
            meta = runs[0][1]
            try:
                meta = meta | {"_session": notebooks.session_of(meta, runs[0][2])}
            except store.CaptureError as error:
                raise PluginError(str(error)) from None
            shutil.copyfile(runs[0][2], target)
        else:
            import jupytext

            meta = {}
            target.write_text(jupytext.writes(notebooks.read(source), fmt="ipynb"), "utf-8")
        page_file = File(uri, str(folder), config["site_dir"], config["use_directory_urls"])
        page_file.edit_uri = None  # not under docs/: its edit link is set per page
        files.append(page_file)
        _state["notebooks"][uri] = (source, meta)
    # Tool notebooks are downloads, not pages; the repository to clone is filled in if known.
    for source in notebooks.tools():
        content = notebooks.download(source, _state["repository"])
        files.append(File.generated(config, notebooks.download_path(source), content=content))
    # The offline edition, when `make offline` has just made it (the pages workflow
    # does, before this build); never inside the offline edition itself.
    edition = ROOT / offline.ZIP_NAME
    if edition.is_file() and not _offline_build(config):
        files.append(File.generated(config, offline.ZIP_NAME, abs_src_path=str(edition)))
    return files


def _trim_theme_css(files, config) -> None:
    """The theme's palette style sheet, without the rule that made every page load
    restyle the whole page twice (hwguide/render/theme_css.py)."""
    for file in list(files):
        if theme_css.PALETTE_CSS.fullmatch(file.src_uri):
            css = Path(file.abs_src_path).read_text(encoding="utf-8")
            try:
                css = theme_css.without_switching_rule(css, file.abs_src_path)
            except theme_css.ThemeChanged as error:
                raise PluginError(str(error)) from None
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=css))


def _offline_build(config) -> bool:
    plugin = config["plugins"].get("material/offline") or config["plugins"].get("offline")
    return bool(plugin and plugin.config.enabled)


def _offline_link(config) -> str:
    if _offline_build(config):
        return (
            "*This is the offline edition: every page works from files, search included; "
            "the estimator and the compare page need the folder served (they say how).*\n"
        )
    edition = ROOT / offline.ZIP_NAME
    if not edition.is_file():
        return (
            "*The offline edition (the whole site as one zip, readable without a network) is "
            "built by `make offline`; this build has none.*\n"
        )
    size = edition.stat().st_size / 2**20
    return (
        f"**Offline:** [the whole site as one zip]({offline.ZIP_NAME}) ({size:.1f} MiB), "
        "readable from files without a network, search included.\n"
    )


def on_shutdown(**_):
    folder = _state.pop("notebook_dir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def on_page_content(html: str, page, config, files, **_) -> str:
    """Notebook pages: fix links between pages (mkdocs-jupyter leaves ``../x.md`` as
    it is), then reshape mkdocs-jupyter's HTML to read like a chapter, with the
    provenance box under the title (``hwguide.render.notebook``)."""
    entry = _state.get("notebooks", {}).get(page.file.src_uri)
    if entry is None:
        return contained_tables(unsearched_python(unwrap_abbr_in_svg(html)))
    source, meta = entry
    html = _rewrite_md_links(html, page, files)
    try:
        return contained_tables(notebook.reshape(html, notebook_banner(source, meta)))
    except notebook.NotebookPageError as error:
        raise PluginError(f"{relative(source)} (page {page.file.src_uri}): {error}") from None


#: A table as Markdown writes it: no attributes (Material gives exactly these its
#: scroll box), never nested.
TABLE = re.compile(r"<table>.*?</table>", re.S)


def contained_tables(html: str) -> str:
    """Each table inside <div class="hw-table">, a box that the browser may skip
    while it is off screen (content-visibility in extra.css) from the page's first
    layout on. Material's own scroll box for a table comes from its script, after
    that layout, and moving every table into it made the browser lay them all out
    again: on the hardware registry page (30 tables) the wrapper halved the style
    work of a page load (139 -> 67 ms on this project's test machine)."""
    return TABLE.sub(lambda m: f'<div class="hw-table">{m.group(0)}</div>', html)


PYTHON_BLOCK = re.compile(r'<div class="language-(?:python|py|pycon) highlight"(?=>)')


def unsearched_python(html: str) -> str:
    """Python code blocks (whole snippet files, most of them) stay out of the search
    index: they were a quarter of it, and a search for an API finds the prose that
    explains it. Captured outputs and shell commands stay searchable (a reader
    pastes an error message into search)."""
    return PYTHON_BLOCK.sub(lambda m: m.group(0) + " data-search-exclude", html)


SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
ABBR = re.compile(r"<abbr\b[^>]*>(.*?)</abbr>", re.DOTALL)


def unwrap_abbr_in_svg(html: str) -> str:
    """The abbreviation tooltips (includes/abbreviations.md) wrap words in <abbr>,
    also inside inline SVG text, where browsers draw nothing for an HTML element:
    the word would vanish from the diagram. Keep the word, drop the <abbr>."""
    return SVG.sub(lambda svg: ABBR.sub(r"\1", svg.group(0)), html)


MD_LINK = re.compile(r'href="(?P<path>[^":#?]+\.md)(?P<anchor>#[^"]*)?"')


def _rewrite_md_links(html: str, page, files) -> str:
    """``href="../hardware/gpu.md#x"`` in a notebook -> the page's real URL."""
    import posixpath

    from mkdocs.utils import get_relative_url

    def fix(match: re.Match) -> str:
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(page.file.src_uri), match["path"])
        )
        found = files.get_file_from_path(target)
        if found is None:
            raise PluginError(
                f"{page.file.src_uri}: link to {match['path']!r}, which does not "
                "exist in docs/ (notebook links are relative to docs/lab/)"
            )
        url = get_relative_url(found.url, page.url)
        return f'href="{url}{match["anchor"] or ""}"'

    return MD_LINK.sub(fix, html)


def notebook_banner(source, meta: dict) -> str:
    name = notebooks.site_path(source).rsplit("/", 1)[-1]
    if not meta:
        return notebook.banner(notebook_name=name, colab_url=None, provenance=None)
    # "Open in Colab" needs the repository's public name: set on GitHub Actions only.
    repo = _state["repository"]
    colab = repo and repository.colab_url(
        repo, f"captures/notebooks/{meta['runner']}/{source.stem}.ipynb"
    )
    capture = _state["captures"].get(meta["runner"])
    stale = None
    if meta.get("source_hash") != source_hash(source):
        stale = (
            f"<strong>Stale:</strong> {relative(source)} changed since; refresh with "
            f"<code>make capture RUNNER={meta['runner']} ONLY={relative(source)} "
            f"PROFILE={meta['_session'].profile}</code>."
        )
    return notebook.banner(
        notebook_name=name,
        colab_url=colab or None,
        machine=machine_label(capture.machine) if capture else f"runner {meta['runner']}",
        provenance=html_code(provenance_line(meta["runner"], meta["_session"])),
        lab_size=meta.get("lab_size"),
        has_gpu=(capture.kind == "gpu") if capture else None,
        stale=stale,
    )


def _colab_link(name: str, where: str) -> str:
    """The "Open in Colab" link of the tool notebook ``name`` (its committed .ipynb copy on
    GitHub), or a note saying why there is none."""
    tools = {source.stem: source for source in notebooks.tools()}
    if name not in tools:
        raise PluginError(f"{where}: <!-- notebook: colab {name} -->: no tool notebook {name!r}")
    repo = _state["repository"]
    if not repo:
        return (
            "*No “Open in Colab” link in this build: it does not know the site's GitHub "
            "repository (GitHub Actions sets it). Download the notebook and open it in Colab "
            "with File > Upload notebook.*\n"
        )
    copy = relative(notebooks.colab_copy(tools[name]))
    url = repository.colab_url(repo, copy)
    return f"[Open in Colab]({url}) (the notebook clones `{repo}`).\n"


def on_page_markdown(markdown: str, page, config, files, **_) -> str:
    where = "docs/" + page.file.src_uri
    try:
        # The raw file, front matter included, so that line numbers match the editor's.
        snippets.check_includes(page.file.content_string, where)
    except snippets.SnippetError as error:
        raise PluginError(str(error)) from None
    markdown = inline_svgs(markdown)
    captures = _state["captures"]
    included = {m.snippet for m in outputs.placements(markdown.split("\n"))}
    markdown = outputs.add_outputs(markdown, {s: _current_hash(s) for s in included}, captures)

    def directive(match: re.Match) -> str:
        kind, args = match["kind"], match["args"].split()
        line = markdown.count("\n", 0, match.start()) + 1
        if kind == "benchmark" and len(args) == 2 and args[0] == "table":
            return tables.table(args[1], captures, _benchmark_hashes())
        if (
            kind == "benchmark"
            and len(args) == 2
            and args[0] == "chart"
            and args[1] in charts.CHARTS
        ):
            return charts.chart(args[1], captures)
        if kind == "captures" and args == ["downloads"]:
            return _downloads(page.file.src_uri, captures)
        if kind == "references" and not args:
            pages = [(p.file.src_uri, p.title) for p in _pages()]
            return references.render(DOCS, pages, page.file.src_uri)
        if kind == "offline" and args == ["download"]:
            return _offline_link(config)
        if kind == "repository":
            try:
                return repository.directive(args, _state["repository"])
            except repository.RepositoryError as error:
                raise PluginError(f"{where}: {error}") from None
        if kind == "notebook" and len(args) == 2 and args[0] == "colab":
            return _colab_link(args[1], where)
        if kind == "estimator" and args == ["calibration"]:
            try:
                return calibration.render(captures, _benchmark_hashes())
            except calibration.CalibrationError as error:
                raise PluginError(f"{where}: {error}") from None
        if kind == "hardware":
            try:
                return figures.directive(args, _state["registry"], page.file.src_uri)
            except registry.RegistryError as error:
                where_line = _source_line(page, match.group(0).strip())
                raise PluginError(
                    f"{where}:{where_line}: {match.group(0).strip()}: {error}"
                ) from None
        raise PluginError(
            f"{where}: unknown directive {match.group(0).strip()!r} (near line {line} of the "
            f"page body). Known: benchmark: table NAME, benchmark: chart "
            f"{'|'.join(charts.CHARTS)}, captures: downloads, references, "
            "hardware: table|ridge|registry|fields, estimator: calibration, notebook: colab NAME, "
            "offline: download, repository: source|clone."
        )

    markdown = sub_outside_code(DIRECTIVE, directive, markdown)

    def ratio(match: re.Match) -> str:
        try:
            return claims.render(match["args"], captures, _benchmark_hashes())
        except claims.ClaimError as error:
            line = _source_line(page, match.group(0))
            raise PluginError(f"{where}:{line}: {match.group(0)}: {error}") from None

    markdown = sub_outside_code(claims.RATIO, ratio, markdown)

    def fig(match: re.Match) -> str:
        try:
            return figures.render_fig(match["args"], _state["registry"])
        except registry.RegistryError as error:
            line = _source_line(page, match.group(0))
            raise PluginError(f"{where}:{line}: {match.group(0)}: {error}") from None

    return sub_outside_code(figures.FIG, fig, markdown)


def _source_line(page, text: str) -> int | str:
    """The line of ``text`` in the page's own file (for messages), or '?'."""
    position = page.file.content_string.find(text)
    return page.file.content_string.count("\n", 0, position) + 1 if position >= 0 else "?"


def _benchmark_hashes() -> dict[str, str | None]:
    """The current source hash of every benchmark snippet any capture measured."""
    return {
        run.snippet: _current_hash(run.snippet)
        for capture in _state["captures"].values()
        for run in capture.benchmarks.values()
    }


def inline_svgs(markdown: str) -> str:
    """Replace an include of an .svg file with the SVG on one line.

    Diagrams are inlined (not <img>) so their CSS can use the theme's colours and
    follow the light/dark toggle. On one line, Markdown passes the SVG through
    as raw HTML; spread over lines inside ``<figure markdown>`` it would be cut
    into paragraphs.
    """

    def one_line(match: re.Match) -> str:
        include = snippets.Include.parse(match["target"])
        svg = include.path.read_text(encoding="utf-8")
        svg = svg[svg.index("<svg") :] if "<svg" in svg else svg
        return match["indent"] + " ".join(line.strip() for line in svg.splitlines() if line.strip())

    return SVG_INCLUDE.sub(one_line, markdown)


SVG_INCLUDE = re.compile(
    r"""^(?P<indent>[ \t]*)-{1,}8<-{1,}[ \t]+(?P<q>["'])(?P<target>[^"']+\.svg)(?P=q)[ \t]*$""",
    re.MULTILINE,
)


def _pages():
    """Pages in navigation order (recorded by on_nav)."""
    result = []

    def walk(items):
        for item in items:
            if getattr(item, "is_page", False):
                result.append(item)
            walk(getattr(item, "children", None) or [])

    walk(_state.get("nav_items", []))
    return result


def on_nav(nav, **_):
    _state["nav_items"] = nav.items
    return nav


#: The print page, and the pages it leaves out (interactive tools need their scripts).
PRINT_PAGE = "print.md"
NOT_PRINTED = ("tools/",)


def on_page_context(context, page, config, nav, **_):
    """The print page gets every other page's content, in navigation order. Every
    page's content is rendered before any page's template, so all are ready here.
    A notebook page's edit button opens its source (notebooks/*.py), not the .ipynb."""
    notebook_source = _state.get("notebooks", {}).get(page.file.src_uri, (None,))[0]
    if notebook_source is not None and _state.get("repository"):
        page.edit_url = repository.edit_url(_state["repository"], relative(notebook_source))
    if page.file.src_uri != PRINT_PAGE:
        return context
    if print_page.PLACEHOLDER not in (page.content or ""):
        raise PluginError(f"docs/{PRINT_PAGE}: the line {print_page.PLACEHOLDER} is missing")
    chapters = [
        print_page.Chapter(other.url, other.title or other.url, other.content or "")
        for other in nav.pages
        if other is not page and not other.file.src_uri.startswith(NOT_PRINTED)
    ]
    missing = [chapter.url for chapter in chapters if not chapter.html]
    if missing:
        raise PluginError(f"docs/{PRINT_PAGE}: pages without rendered content: {missing}")
    page.content = page.content.replace(
        print_page.PLACEHOLDER,
        '<nav class="hw-print-toc" aria-label="Chapters">'
        + print_page.contents(chapters)
        + "</nav>\n"
        + print_page.assemble(chapters, page.url),
    )
    return context


def _downloads(src_uri: str, captures) -> str:
    if not captures:
        return "*No captures yet.*\n"
    up = "../" * src_uri.count("/")
    lines = ["| runner | machine | capture sessions | raw data |", "|---|---|---|---|"]
    for runner, capture in captures.items():
        sessions = "<br>".join(
            f"{provenance_line(runner, session)} ({count} records)"
            for session, count in _session_counts(capture)
        )
        lines.append(
            f"| `{runner}` | {runner_label(capture)} | {sessions} | "
            f"[{runner}.json]({up}captures/{runner}.json) |"
        )
    return "\n".join(lines) + "\n"


def _session_counts(capture):
    counts: dict[str, int] = {}
    for record in [*capture.snippets.values(), *capture.benchmarks.values()]:
        counts[record.session] = counts.get(record.session, 0) + 1
    return [(capture.sessions[key], counts[key]) for key in sorted(counts, reverse=True)]
