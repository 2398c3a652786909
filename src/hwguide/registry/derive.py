"""Figures computed from others, never typed: dense peaks a source gives only
as sparse ones, CPU vector peaks, the clock a TPU's peak implies, and ridge points.

Each derived figure carries its formula (shown on the registry page and in the
downloads) and no source of its own: its inputs have theirs.
"""

from __future__ import annotations

from .schema import COMPUTE_KEY, SCALE, Figure, Part

#: FLOPs per FMA per lane: a fused multiply-add is two operations.
FMA = 2
LANE_BITS = {"fp32": 32, "fp64": 64}


def add_derived(part: Part) -> Part:
    figures = dict(part.figures)
    figures.update(dense_from_sparse(figures))
    figures.update(cpu_vector_peaks(figures))
    figures.update(implied_clock(figures))
    figures.update(ridge_points(figures))
    return part.model_copy(update={"figures": figures})


def dense_from_sparse(figures: dict[str, Figure]) -> dict[str, Figure]:
    """Half the 2:4-sparse peak, where the source gives no dense one. (Halving a
    rounded figure can be off in its last digit: 1,979 / 2 = 989.5 where NVIDIA's
    whitepaper gives 989.4. Record a dense figure whenever a source states it.)"""
    out = {}
    for key, sparse in figures.items():
        match = COMPUTE_KEY.match(key)
        dense = f"{match['precision']}-dense" if match else None
        if match and match["kind"] == "sparse" and dense not in figures:
            out[dense] = Figure(
                value=sparse.value / 2,
                unit=sparse.unit,
                formula=f"{key} ({sparse.value:g} {sparse.unit}) ÷ 2: the source gives "
                "only the 2:4-sparse peak, which is twice the dense one",
            )
    return out


def cpu_vector_peaks(figures: dict[str, Figure]) -> dict[str, Figure]:
    """cores × base clock × FMA units × lanes × 2, for a CPU whose four inputs
    are in the registry and whose peak is not given outright."""
    needed = ("count-cores", "clock-base", "fma-units", "vector-bits")
    if not all(k in figures for k in needed):
        return {}
    cores, clock, units, bits = (figures[k] for k in needed)
    out = {}
    for precision, lane in LANE_BITS.items():
        key = f"{precision}-vector"
        if key in figures:
            continue
        flops = cores.value * clock.base() * units.value * (bits.value / lane) * FMA
        out[key] = Figure(
            value=flops / 1e12,
            unit="TFLOP/s",
            formula=(
                f"{cores.value:g} cores × {clock.value:g} {clock.unit} base clock × "
                f"{units.value:g} FMA units × {bits.value:g}/{lane} lanes × {FMA} FLOPs per FMA"
            ),
        )
    return out


#: What a matrix-unit peak is computed from: the peak, and the inputs of
#: MXUs × side × side multiply-accumulators per clock.
CLOCK_INPUTS = ("bf16-dense", "count-tensorcores", "count-mxus-per-core", "count-mxu-side")


def implied_clock(figures: dict[str, Figure]) -> dict[str, Figure]:
    """The clock at which the documented peak would be reached: bf16-dense ÷
    (TensorCores × MXUs per TensorCore × side² multiply-accumulators × 2 FLOPs per
    MAC). Google documents peaks and MXU counts but not clocks, so this is a
    consistency check of the documented figures, not a specification."""
    if not all(k in figures for k in CLOCK_INPUTS):
        return {}
    peak, cores, mxus, side = (figures[k] for k in CLOCK_INPUTS)
    macs = cores.value * mxus.value * side.value**2
    hertz = peak.base() / (macs * FMA)
    return {
        "clock-implied": Figure(
            value=hertz / 1e9,
            unit="GHz",
            formula=(
                f"bf16-dense ({peak.value:g} {peak.unit}) ÷ ({cores.value:g} "
                f"TensorCore{'' if cores.value == 1 else 's'} × {mxus.value:g} "
                f"MXU{'' if mxus.value == 1 else 's'} × {side.value:g} × {side.value:g} "
                f"multiply-accumulators × {FMA} FLOPs per multiply-accumulate)"
            ),
        )
    }


def ridge_points(figures: dict[str, Figure]) -> dict[str, Figure]:
    """Peak ÷ memory bandwidth for every compute peak of a part with a bandwidth."""
    bandwidth = figures.get("bandwidth")
    if bandwidth is None:
        return {}
    out = {}
    for key, peak in figures.items():
        match = COMPUTE_KEY.match(key)
        if not match:
            continue
        integer = match["precision"].startswith("int")
        out[f"ridge-{key}"] = Figure(
            value=peak.base() / bandwidth.base(),
            unit="OP/B" if integer else "FLOP/B",
            formula=f"{key} ({peak.value:g} {peak.unit}) ÷ bandwidth "
            f"({bandwidth.value:g} {bandwidth.unit})",
        )
    return out


def convert(figure: Figure, unit: str) -> float:
    return figure.base() / SCALE[unit]
