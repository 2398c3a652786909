"""Charts as inline SVG, drawn at build time with matplotlib.

Text and axes are drawn in a placeholder colour that is replaced by
``currentColor``, so the chart follows the page's light or dark scheme. Data
series use the Okabe-Ito palette (distinct for colour-blind readers), each colour
written as a CSS variable, ``var(--hw-chart-N, #fallback)``: docs/assets/extra.css
gives each scheme shades with at least 3:1 contrast against the chart's card.
Text is at least ``MIN_TEXT`` units; the SVG gets a minimum width at which that is
11 CSS pixels on screen (narrower screens scroll it sideways).
Each chart comes with its data as a table (for screen readers and for copying).

Every data point carries an SVG ``<title>`` (a tooltip without script: runner, case,
value) in a ``<g data-value="x y">`` holding its data coordinates. The ``<svg>``
carries ``data-chart`` (its name) and ``data-axes``: JSON with each axis' scale,
base and limits and the axes box in the SVG's own coordinates (viewBox units), so
that docs/assets/compare.js can place a reader's own results on the same chart
(:func:`to_svg` is the mapping it implements).
"""

from __future__ import annotations

import html
import io
import json
import math
import re
from collections.abc import Callable

from ..capture.schema import Capture
from .labels import machine_label
from .tables import UNITS, cpu_peak_flops, primary_rate, rows

INK = "#123456"  # placeholder for currentColor
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999"]
FIGSIZE = (6.4, 4.0)  # inches; 72 SVG units each
TEXT, SMALL_TEXT = 11, 10  # font sizes in SVG units: labels and ticks; legend and notes
MIN_TEXT = SMALL_TEXT
MIN_SCREEN_PX = 11  # the smallest text on screen, in CSS pixels
MARKERS = "osD^v<>P"
LINESTYLES = ["-", "--", ":", "-."]
ROOF_STYLES = ["-", "--", "-."]  # a roofline's dotted line is the computed peak


# What matplotlib puts in every SVG's <defs>. Inline in a page, a <style> applies to
# the whole page: this one gave every element on it round line joins (the Hardware
# page's roofline diagram, drawn with mitred joins, was changed by its chart's rule).
MATPLOTLIB_STYLE = "*{stroke-linejoin: round; stroke-linecap: butt}"
ROOT_STROKE = 'stroke-linejoin="round" stroke-linecap="butt"'  # inherited: same drawing


def without_page_style(svg: str) -> str:
    """matplotlib's SVG without its <style>; give the root ``ROOT_STROKE`` instead.

    Raises ValueError, naming what it found, if matplotlib writes any other style."""
    styles = re.findall(r"<style\b[^>]*>(.*?)</style>", svg, flags=re.DOTALL)
    other = [style for style in styles if style.strip() != MATPLOTLIB_STYLE]
    if other:
        raise ValueError(
            f"matplotlib's SVG has a <style> other than {MATPLOTLIB_STYLE!r}: {other!r}. "
            "Inline, it would style the whole page: turn it into attributes of the root "
            "in src/hwguide/render/charts.py (without_page_style)."
        )
    svg = re.sub(r"<style\b[^>]*>.*?</style>", "", svg, flags=re.DOTALL)
    return re.sub(r"<defs>\s*</defs>", "", svg)


def _figure(name: str):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "none",  # real text: searchable, and drawn in the page's font
            "svg.hashsalt": name,  # stable, page-unique element ids
            "text.color": INK,
            "axes.labelcolor": INK,
            "axes.edgecolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "axes.facecolor": "none",
            "figure.facecolor": "none",
            "savefig.transparent": True,
            "font.size": TEXT,
            "legend.frameon": False,
            "grid.color": "#888888",
            "grid.alpha": 0.3,
        }
    )
    fig, ax = plt.subplots(figsize=FIGSIZE)
    ax.grid(True, which="major")
    ax.patch.set_gid(AXES_ID)  # the axes box, found again in the SVG (_axes_box)
    fig.hw_name = name
    fig.hw_points = {}
    return fig, ax


AXES_ID = "hw-axes"


def _points(artist, titles: list[str], values: list[tuple[float, float]]) -> None:
    """Give each marker of ``artist`` (a line with markers, or a scatter) a tooltip:
    ``titles`` and data ``values`` in the order of its points."""
    fig = artist.figure
    gid = f"hw-points-{len(fig.hw_points) + 1}"
    artist.set_gid(gid)
    fig.hw_points[gid] = list(zip(titles, values, strict=True))


def _title_points(svg: str, points: dict[str, list[tuple[str, tuple[float, float]]]]) -> str:
    """Wrap each marker (``<use>``) of the marked artists in ``<g>`` with a ``<title>``."""
    for gid, entries in points.items():
        start = svg.index(f'<g id="{gid}">')
        following = svg.find('<g id="', start + 1)
        end = len(svg) if following < 0 else following
        uses = list(re.finditer(r"<use [^>]*/>", svg[start:end]))
        if len(uses) != len(entries):
            raise ValueError(
                f"chart {gid}: {len(entries)} data points but {len(uses)} markers drawn "
                "(a point outside the axes?)"
            )
        pieces, last = [svg[:start]], start
        for use, (title, (x, y)) in zip(uses, entries, strict=True):
            pieces += [
                svg[last : start + use.start()],
                f'<g data-value="{x!r} {y!r}"><title>{html.escape(title)}</title>',
                use.group(0),
                "</g>",
            ]
            last = start + use.end()
        svg = "".join(pieces) + svg[last:]
    return svg


def axes_metadata(ax) -> dict:
    """Each axis' scale, base and limits (the box is added from the SVG)."""
    meta = {}
    for name in ("x", "y"):
        axis = getattr(ax, f"{name}axis")
        scale = axis.get_scale()
        low, high = getattr(ax, f"get_{name}lim")()
        entry = {"scale": scale, "lim": [float(low), float(high)]}
        if scale == "log":
            entry["base"] = float(axis.get_transform().base)
        meta[name] = entry
    return meta


def _axes_box(svg: str) -> list[float]:
    """[left, top, right, bottom] of the axes, in SVG units, from its drawn patch."""
    found = re.search(rf'<g id="{AXES_ID}">\s*<path d="([^"]+)"', svg)
    if found is None:
        raise ValueError("chart without its axes patch: cannot record the axes box")
    numbers = [float(v) for v in re.findall(r"-?[\d.]+(?:e-?\d+)?", found.group(1))]
    xs, ys = numbers[0::2], numbers[1::2]
    return [min(xs), min(ys), max(xs), max(ys)]


def to_svg(meta: dict, x: float, y: float) -> tuple[float, float]:
    """Data coordinates -> SVG coordinates, from a chart's ``data-axes``."""
    left, top, right, bottom = meta["box"]

    def fraction(axis: dict, v: float) -> float:
        low, high = axis["lim"]
        if axis["scale"] == "log":
            return (math.log(v) - math.log(low)) / (math.log(high) - math.log(low))
        return (v - low) / (high - low)

    return (
        left + fraction(meta["x"], x) * (right - left),
        bottom - fraction(meta["y"], y) * (bottom - top),
    )


def _plain_ticks(ax, *axes: str) -> None:
    """Log-axis tick labels as plain numbers (128, 0.1): matplotlib's default 2⁷ and
    10⁻¹ draw the exponent at 70 % size, too small to read on a phone. (Minor ticks,
    labelled on short axes, get plain numbers as well.)"""
    from matplotlib.ticker import FuncFormatter, LogFormatter

    for name in axes:
        axis = getattr(ax, f"{name}axis")
        base = axis.get_transform().base
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}" if v >= 1 else f"{v:g}"))
        axis.set_minor_formatter(LogFormatter(base=base, labelOnlyBase=False))


def _legend(ax, ncol: int = 1, handles: tuple[list, list] | None = None) -> None:
    """The legend under the chart, outside the plot: at legible sizes it no longer
    fits inside the axes without covering data (the saved SVG grows to hold it).
    ``handles``: (handles, labels) instead of one entry per line."""
    fig = ax.figure
    fig.tight_layout()
    fig.legend(
        *(handles or ax.get_legend_handles_labels()),
        fontsize=SMALL_TEXT,
        ncol=ncol,
        loc="upper center",
        bbox_to_anchor=(0.5, 0),
        bbox_transform=fig.transFigure,
    )


def _factored_legend(ax, configs: list[str], runners: list[str]) -> None:
    """A legend in two parts when several runners share a chart: one entry per
    configuration (its colour and marker) and one per runner (its line style), so
    three runners by five configurations take eight entries, not fifteen."""
    if len(runners) < 2:
        _legend(ax, ncol=2)
        return
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker=MARKERS[i % 8], color=PALETTE[i % 8], linestyle="-")
        for i in range(len(configs))
    ] + [
        Line2D([], [], color=INK, linestyle=LINESTYLES[i % len(LINESTYLES)])
        for i in range(len(runners))
    ]
    _legend(ax, ncol=2, handles=(handles, [*configs, *runners]))


def _svg(fig, title: str) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    if not fig.legends:
        fig.tight_layout()
    meta = axes_metadata(fig.axes[0])
    fig.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.05)
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = _title_points(svg, fig.hw_points)
    meta["box"] = _axes_box(svg)
    # matplotlib's <metadata> (RDF: date, creator) is noise to readers and search.
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = without_page_style(svg)
    svg = svg.replace(INK, "currentColor")
    for i, colour in enumerate(PALETTE):
        # Only in style attributes (where var() works), which is where matplotlib
        # writes colours.
        svg = re.sub(
            rf"(?<=[:,] ){colour}\b", f"var(--hw-chart-{i + 1}, {colour})", svg, flags=re.I
        )
    svg = "\n".join(line for line in svg.split("\n") if line.strip())  # raw HTML: no blank lines
    # The width at which MIN_TEXT-unit text is MIN_SCREEN_PX on screen.
    width = float(re.search(r'<svg [^>]*?width="([\d.]+)pt"', svg).group(1))
    min_width = math.ceil(width * MIN_SCREEN_PX / MIN_TEXT)
    svg = re.sub(
        r'<svg ([^>]*?)width="[^"]+" height="[^"]+"',
        rf'<svg \1width="100%" style="min-width: {min_width}px" {ROOT_STROKE} role="img" '
        rf'aria-label="{title}" data-chart="{fig.hw_name}" '
        f"data-axes='{json.dumps(meta, separators=(',', ':'))}'",
        svg,
        count=1,
    )
    return svg


def matmul(captures: dict[str, Capture]) -> tuple[str, str] | None:
    found = rows("matmul", captures)
    if not found:
        return None
    fig, ax = _figure("matmul")
    series: dict[tuple, list] = {}
    for runner, capture, m in found:
        key = (runner, m.case["impl"], m.case["dtype"], m.case["xla"], m.case["device"])
        series.setdefault(key, []).append((m.case["n"], m.rates["flop_per_s"] / 1e9, capture))
    data = ["| series | n | GFLOP/s |", "|---|---|---|"]
    # Colour and marker tell the configuration, the line style the runner.
    configs = sorted({key[1:] for key in series})
    runners = [r for r in captures if any(key[0] == r for key in series)]
    devices = {key[4] for key in series}

    def config_label(impl, dtype, xla, device) -> str:
        return (
            f"{impl} {dtype}"
            + (" XLA" if xla else "")
            + (f" on {device}" if len(devices) > 1 else "")
        )

    for key, points in sorted(series.items()):
        runner, impl, dtype, xla, device = key
        points.sort()
        i = configs.index(key[1:])
        label = f"{runner}: {config_label(impl, dtype, xla, device)}"
        _series(
            ax,
            [(n, g) for n, g, _ in points],
            [f"{label}, n={n}: {g:.1f} GFLOP/s" for n, g, _ in points],
            label,
            style=i,
            runner=runners.index(runner),
        )
        data += [f"| {label} | {n} | {g:.1f} |" for n, g, _ in points]
    # Runners a decade apart (AMX bfloat16 against AVX2 float32): a log axis keeps
    # the slow ones readable.
    ax.set_yscale("log")
    _plain_ticks(ax, "y")
    for runner, capture in captures.items():
        peak = cpu_peak_flops(capture)
        if peak:
            ax.axhline(peak / 1e9, color=INK, linestyle=":", linewidth=1)
            ax.annotate(
                f"{runner} FP32 peak",
                (ax.get_xlim()[0], peak / 1e9),
                fontsize=SMALL_TEXT,
                va="bottom",
            )
    ax.set_xscale("log", base=2)
    _plain_ticks(ax, "x")
    ax.set_xlabel("matrix size n (n×n times n×n)")
    ax.set_ylabel("GFLOP/s (higher is better)")
    _factored_legend(ax, [config_label(*c) for c in configs], runners)
    return _svg(fig, "Matrix multiply throughput versus size"), "\n".join(data)


def roofline(captures: dict[str, Capture]) -> tuple[str, str] | None:
    points = []
    for name in ("matmul", "elementwise", "conv"):
        for runner, capture, m in rows(name, captures):
            flop, moved = m.work.get("flop"), m.work.get("bytes")
            if flop and moved:
                points.append((runner, capture, name, m, flop / moved, m.rates["flop_per_s"]))
    if not points:
        return None
    fig, ax = _figure("roofline")
    data = ["| runner | benchmark | case | FLOP/byte | GFLOP/s |", "|---|---|---|---|---|"]
    names = sorted({p[2] for p in points})
    runners = list(captures)
    for i, name in enumerate(names):
        for j, runner in enumerate(runners):
            chosen = [p for p in points if p[2] == name and p[0] == runner]
            if not chosen:
                continue
            dots = ax.scatter(
                [p[4] for p in chosen],
                [p[5] / 1e9 for p in chosen],
                label=f"{runner}: {name}" if len(runners) > 1 else name,
                color=PALETTE[i],
                marker=MARKERS[j % len(MARKERS)],
                zorder=3,
            )
            _points(
                dots,
                [
                    f"{runner}: {name}, {_case(p[3])}: {p[4]:.3g} FLOP/byte, "
                    f"{p[5] / 1e9:.3g} GFLOP/s"
                    for p in chosen
                ],
                [(p[4], p[5] / 1e9) for p in chosen],
            )
        for runner, _, _, m, ai, fl in (p for p in points if p[2] == name):
            data.append(f"| {runner} | {name} | {_case(m)} | {ai:.3g} | {fl / 1e9:.3g} |")
    # Measured roofs, per runner: best bandwidth (elementwise) and best compute.
    import numpy as np

    xs = np.logspace(
        np.log10(min(p[4] for p in points) / 2), np.log10(max(p[4] for p in points) * 2)
    )
    for j, (runner, capture) in enumerate(captures.items()):
        bw = [m.rates["bytes_per_s"] for _, c, m in rows("elementwise", {runner: capture})]
        fl = [m.rates["flop_per_s"] for _, c, m in rows("matmul", {runner: capture})]
        if bw and fl:
            roof = np.minimum(xs * max(bw), max(fl)) / 1e9
            ax.plot(
                xs,
                roof,
                color=INK,
                linewidth=1.2,
                linestyle=ROOF_STYLES[j % len(ROOF_STYLES)],
                label=f"{runner}: measured roof ({max(bw) / 1e9:.0f} GB/s; "
                f"{max(fl) / 1e9:.0f} GFLOP/s, best matmul of any precision)",
            )
        peak = cpu_peak_flops(capture)
        if peak:
            ax.axhline(
                peak / 1e9,
                color=INK,
                linestyle=":",
                linewidth=1,
                label=f"{runner}: computed FP32 peak",
            )
    ax.set_xscale("log")
    ax.set_yscale("log")
    _plain_ticks(ax, "x", "y")
    ax.set_xlabel("arithmetic intensity (FLOP per byte moved, minimum traffic)")
    ax.set_ylabel("achieved GFLOP/s")
    _legend(ax)
    return _svg(fig, "Measured roofline: achieved FLOP/s versus arithmetic intensity"), "\n".join(
        data
    )


def speedup(captures: dict[str, Capture]) -> tuple[str, str] | None:
    """GPU over CPU samples/s by batch size, for captures that measured both devices."""
    fig = ax = None
    data = [
        "| runner | mode | batch | CPU samples/s | GPU samples/s | speedup |",
        "|---|---|---|---|---|---|",
    ]
    for runner, capture in captures.items():
        found = rows("training", {runner: capture})
        by = {
            (m.case["mode"], m.case["batch"], m.case["device"]): m.rates["samples_per_s"]
            for _, _, m in found
        }
        modes = sorted({k[0] for k in by})
        for i, mode in enumerate(modes):
            batches = sorted(
                b for (md, b, d) in by if md == mode and d == "GPU" and (md, b, "CPU") in by
            )
            if not batches:
                continue
            if fig is None:
                fig, ax = _figure("speedup")
            ratios = [by[(mode, b, "GPU")] / by[(mode, b, "CPU")] for b in batches]
            (line,) = ax.plot(
                batches, ratios, marker=MARKERS[i], color=PALETTE[i], label=f"{runner}: {mode}"
            )
            _points(
                line,
                [
                    f"{runner}: {mode}, batch {b}: {r:.2f}× (CPU {by[(mode, b, 'CPU')]:.0f}, "
                    f"GPU {by[(mode, b, 'GPU')]:.0f} samples/s)"
                    for b, r in zip(batches, ratios, strict=True)
                ],
                list(zip(batches, ratios, strict=True)),
            )
            data += [
                f"| {runner} | {mode} | {b} | {by[(mode, b, 'CPU')]:.0f} | "
                f"{by[(mode, b, 'GPU')]:.0f} | {r:.2f}× |"
                for b, r in zip(batches, ratios, strict=True)
            ]
    if fig is None:
        return None
    ax.axhline(1.0, color=INK, linewidth=1)
    ax.set_xscale("log", base=2)
    _plain_ticks(ax, "x")
    ax.set_xlabel("batch size")
    ax.set_ylabel("GPU samples/s ÷ CPU samples/s")
    _legend(ax)
    return _svg(fig, "GPU over CPU training speedup versus batch size"), "\n".join(data)


def _series(ax, xy: list, titles: list[str], label: str, style: int, runner: int) -> None:
    """One line of a chart: the marker and colour of its configuration (``style``),
    the line style of its runner, a tooltip title per point."""
    (line,) = ax.plot(
        [p[0] for p in xy],
        [p[1] for p in xy],
        marker=MARKERS[style % 8],
        color=PALETTE[style % 8],
        label=label,
        linestyle=LINESTYLES[runner % len(LINESTYLES)],
    )
    _points(line, titles, xy)


def _sweep(
    name: str,
    captures: dict[str, Capture],
    setting: Callable[[dict], str],
    x: tuple[str, str, str],
    y: tuple[str, float, str, str],
    title: str,
    tick: Callable[[float], str] | None = None,
) -> tuple[str, str] | None:
    """A rate against a swept size: one line per runner, setting and device.

    ``setting(case)`` names a line's configuration (a mode, "XLA"...); ``x``: (case
    field, axis label, its word in tooltips and the data table); ``y``: (rate, scale,
    unit, axis label). ``tick``: label only the swept sizes, written by it (for sizes
    whose plain numbers would run into each other)."""
    found = rows(name, captures)
    if not found:
        return None
    field, x_label, word = x
    rate, scale, unit, y_label = y
    fig, ax = _figure(name)
    series: dict[tuple, list] = {}
    for runner, _, m in found:
        key = (runner, setting(m.case), m.case.get("device", "CPU"))
        series.setdefault(key, []).append((m.case[field], m.rates[rate] / scale))
    data = [f"| series | {word} | {unit} |", "|---|---|---|"]
    configs = sorted({key[1:] for key in series})
    runners = [r for r in captures if any(key[0] == r for key in series)]
    devices = {key[2] for key in series}

    def config_label(config: str, device: str) -> str:
        return config + (f" on {device}" if len(devices) > 1 else "")

    for key, points in sorted(series.items()):
        runner, config, device = key
        points.sort()
        label = f"{runner}: {config_label(config, device)}"
        _series(
            ax,
            points,
            [f"{label} ({device}), {word} {v}: {r:.{_digits(r)}f} {unit}" for v, r in points],
            label,
            style=configs.index(key[1:]),
            runner=runners.index(runner),
        )
        data += [f"| {label} | {v} | {r:.{_digits(r)}f} |" for v, r in points]
    ax.set_xscale("log", base=2)
    if tick is None:
        _plain_ticks(ax, "x")
    else:
        sizes = sorted({v for points in series.values() for v, _ in points})
        ax.set_xticks(sizes, [tick(v) for v in sizes])
        from matplotlib.ticker import NullLocator

        ax.xaxis.set_minor_locator(NullLocator())
    ax.set_ylim(bottom=0)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    _factored_legend(ax, [config_label(*c) for c in configs], runners)
    return _svg(fig, title), "\n".join(data)


def _digits(value: float) -> int:
    return 0 if value >= 100 else 1 if value >= 10 else 2


def training(captures: dict[str, Capture]) -> tuple[str, str] | None:
    """Training samples/s by batch size: one line per runner, mode and device."""
    return _sweep(
        "training",
        captures,
        lambda case: case["mode"],
        ("batch", "batch size", "batch"),
        ("samples_per_s", 1.0, "samples/s", "training samples/s (higher is better)"),
        "Training throughput versus batch size",
    )


def bandwidth(captures: dict[str, Capture]) -> tuple[str, str] | None:
    """Elementwise GB/s by array size: one line per runner and XLA setting."""
    return _sweep(
        "elementwise",
        captures,
        lambda case: "XLA" if case.get("xla") else "no XLA",
        ("elements", "float32 elements (Ki = 1024, Mi = 1024²)", "elements"),
        ("bytes_per_s", 1e9, "GB/s", "GB/s moved (higher is better)"),
        "Elementwise bandwidth versus array size",
        tick=_binary,
    )


def _binary(count: float) -> str:
    """1048576 -> "1 Mi": counts that are powers of two, as people say them."""
    for power, prefix in ((30, "Gi"), (20, "Mi"), (10, "Ki")):
        if count >= 2**power and count % 2**power == 0:
            return f"{count / 2**power:g} {prefix}"
    return f"{count:g}"


def _dots(
    name: str, captures: dict[str, Capture], label: Callable[[dict], str], title: str
) -> tuple[str, str] | None:
    """A dot plot for a benchmark whose cases are not a sweep: one row per case
    (``label(case)``), one marker per runner on it, the benchmark's primary rate
    across. A log axis where the rates span more than a factor of 30."""
    found = rows(name, captures)
    rate = primary_rate([m for _, _, m in found], name)
    if rate is None:
        return None
    unit, scale = UNITS[rate]
    devices = {m.case.get("device", "CPU") for _, _, m in found}

    def row(case: dict) -> str:
        device = case.get("device", "CPU")
        return label(case) + (f" on {device}" if len(devices) > 1 else "")

    labels = list(dict.fromkeys(row(m.case) for _, _, m in found))  # first-seen order
    fig, ax = _figure(name)
    fig.set_size_inches(FIGSIZE[0], 1.4 + 0.45 * len(labels) * max(1, len(captures) / 2))
    data = [f"| runner | case | {unit} |", "|---|---|---|"]
    values = []
    for i, runner in enumerate(captures):
        mine = [(row(m.case), m.rates[rate] / scale) for r, _, m in found if r == runner]
        if not mine:
            continue
        # Rows top to bottom in first-seen order; each runner a little apart.
        offset = (i - (len(captures) - 1) / 2) * 0.18
        xy = [(v, len(labels) - 1 - labels.index(case) - offset) for case, v in mine]
        (dots,) = ax.plot(
            [x for x, _ in xy],
            [y for _, y in xy],
            marker=MARKERS[i % 8],
            color=PALETTE[i % 8],
            linestyle="none",
            markersize=8,
            label=runner,
        )
        _points(dots, [f"{runner}, {case}: {v:.{_digits(v)}f} {unit}" for case, v in mine], xy)
        data += [f"| {runner} | {case} | {v:.{_digits(v)}f} |" for case, v in mine]
        values += [v for _, v in mine]
    if max(values) > 30 * min(values):
        ax.set_xscale("log")
        _plain_ticks(ax, "x")
    else:
        ax.set_xlim(left=0, right=max(values) * 1.08)
    ax.set_yticks(range(len(labels)), list(reversed(labels)))
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.grid(False, axis="y")
    ax.set_xlabel(f"{unit} (higher is better)")
    _legend(ax, ncol=min(len(captures), 2))
    return _svg(fig, title), "\n".join(data)


def dispatch(captures: dict[str, Capture]) -> tuple[str, str] | None:
    return _dots("dispatch", captures, lambda c: c["mode"], "Dispatch rate per mode")


def conv(captures: dict[str, Capture]) -> tuple[str, str] | None:
    return _dots("conv", captures, lambda c: c["pass"], "Convolution throughput per pass")


def inference(captures: dict[str, Capture]) -> tuple[str, str] | None:
    return _dots(
        "inference",
        captures,
        lambda c: f"{c['runtime']}, batch {c['batch']}",
        "Inference throughput per runtime and batch size",
    )


def input_pipeline(captures: dict[str, Capture]) -> tuple[str, str] | None:
    return _dots(
        "input_pipeline",
        captures,
        lambda c: c["pipeline"],
        "Input pipeline throughput per pipeline",
    )


def _case(m) -> str:
    return ", ".join(f"{k}={v}" for k, v in m.case.items() if k != "device")


CHARTS = {
    "matmul": matmul,
    "roofline": roofline,
    "speedup": speedup,
    "training": training,
    "bandwidth": bandwidth,
    "dispatch": dispatch,
    "conv": conv,
    "inference": inference,
    "input_pipeline": input_pipeline,
}
EMPTY = {
    "dispatch": "No capture contains the dispatch benchmark yet.",
    "conv": "No capture contains the convolution benchmark yet.",
    "inference": "No capture contains the inference benchmark yet.",
    "input_pipeline": "No capture contains the input pipeline benchmark yet.",
    "bandwidth": "No capture contains the elementwise benchmark yet.",
    "training": "No capture contains the training benchmark yet.",
    "matmul": "No capture contains the matmul benchmark yet.",
    "roofline": "No capture contains the matmul and elementwise benchmarks yet.",
    "speedup": "No capture measured training on both a CPU and a GPU of the same machine yet: "
    "this chart needs a capture from a GPU runner (see Reproduce on your hardware).",
}


def chart(name: str, captures: dict[str, Capture]) -> str:
    drawn = CHARTS[name](captures)
    if drawn is None:
        return f'!!! info "Not measured yet"\n\n    {EMPTY[name]}\n'
    svg, table = drawn
    machines = "; ".join(f"`{r}`: {machine_label(c.machine)}" for r, c in captures.items())
    return (
        # The SVG's tick labels and legend are not prose: keep them out of the search index.
        f'<div class="chart" data-search-exclude>\n{svg}\n</div>\n\n'
        f"*Runners: {machines}. Each runner's versions and dates are listed under its "
        "results table.*\n\n"
        f'??? info "Data behind this chart"\n\n'
        + "\n".join("    " + row for row in table.split("\n"))
        + "\n"
    )
