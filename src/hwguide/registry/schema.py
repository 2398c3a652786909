"""The hardware registry's format (validated with pydantic, never by hand).

Every hardware figure the site quotes is one :class:`Figure` of one
:class:`Part`, and names the :class:`Source` it was read from. A figure is
identified by its part and its *key*; the key says what the figure is:

- compute peaks: ``<precision>-<kind>``, e.g. ``bf16-dense``, ``bf16-sparse``
  (2:4 structured sparsity), ``fp32-vector`` (on vector units such as CUDA
  cores or a CPU's SIMD units, not on a matrix engine). So no peak exists
  without its precision and its sparsity.
- everything else: one of :data:`METRICS` (``memory``, ``bandwidth``, ...), or
  ``count-<what>`` for counts (``count-cores``, ``count-mxus``).

Guards that need more than one figure (a sparse peak must be twice its dense
one) live in :meth:`Part.check_figures`; those that need the whole registry
(every source exists) in :func:`hwguide.registry.load`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID = r"^[a-z0-9][a-z0-9.-]*$"
FAMILIES = ("cpu", "gpu", "tpu", "fpga", "asic")
PRECISIONS = ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8", "int4")
COMPUTE_KEY = re.compile(rf"^(?P<precision>{'|'.join(PRECISIONS)})-(?P<kind>dense|sparse|vector)$")
#: Units per unit in bytes, bytes/s, FLOP/s or ops/s (for conversions).
SCALE = {
    "GFLOP/s": 1e9, "TFLOP/s": 1e12, "PFLOP/s": 1e15,
    "TOPS": 1e12, "POPS": 1e15,
    "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
    "KiB": 2**10, "MiB": 2**20, "GiB": 2**30,
    "GB/s": 1e9, "TB/s": 1e12, "PB/s": 1e15, "GiB/s": 2**30, "Gbit/s": 1e9 / 8,
    "W": 1, "MHz": 1e6, "GHz": 1e9, "bit": 1, "count": 1, "FLOP/B": 1, "OP/B": 1,
}  # fmt: skip
FLOATING_UNITS = ("GFLOP/s", "TFLOP/s", "PFLOP/s")
INTEGER_UNITS = ("TOPS", "POPS")
#: Non-compute keys: what each means and the units a source may give it in.
METRICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "memory": ("device memory (HBM, GDDR, DDR) per chip or card", ("GB", "GiB", "TB", "MB")),
    "memory-onchip": ("on-chip SRAM", ("KB", "KiB", "MB", "MiB", "GB")),
    "bandwidth": ("device memory bandwidth", ("GB/s", "GiB/s", "TB/s")),
    "bandwidth-onchip": ("on-chip SRAM bandwidth", ("GB/s", "TB/s", "PB/s")),
    "interconnect": (
        "chip-to-chip link bandwidth, as the source states it",
        ("GB/s", "TB/s", "Gbit/s"),
    ),
    "power": ("maximum board or chip power (TDP/TBP)", ("W",)),
    "clock-base": ("base clock", ("MHz", "GHz")),
    "clock-boost": ("maximum boost clock", ("MHz", "GHz")),
    "clock-implied": ("clock a documented peak implies (computed, never typed)", ("MHz", "GHz")),
    "vector-bits": ("width of one SIMD register/FMA unit", ("bit",)),
    "fma-units": ("vector FMA units per core", ("count",)),
}  # fmt: skip
#: Keys only the loader computes (with ``ridge-<peak key>``); a file may not type them.
DERIVED_ONLY = ("clock-implied",)
COUNT_KEY = re.compile(r"^count-[a-z][a-z-]*$")
#: Sparse and dense figures from one source may each be rounded: 2:4 sparsity
#: doubles the peak, within this relative tolerance.
SPARSE_TOLERANCE = 0.002


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    title: str = Field(min_length=3, description="the document's title as it gives it")
    publisher: str = Field(min_length=2, description="who published it, e.g. NVIDIA")
    url: str = Field(pattern=r"^https://[^\s]+$")
    revision: str = Field(
        min_length=2,
        description='the document\'s version or date ("v1.02", "2024-03"), or "undated page"',
    )
    checked: date = Field(description="when a person last read this figure in it")


class Figure(Strict):
    value: float = Field(gt=0, description="as the source gives it (the upper end of a range)")
    low: float | None = Field(default=None, gt=0, description="the lower end of a range")
    unit: str
    source: str | None = Field(default=None, pattern=ID, description="id in sources")
    detail: str | None = Field(default=None, description='what the figure is of, e.g. "HBM3"')
    note: str | None = None
    # Set only on figures the loader computes (see hwguide.registry.derive).
    formula: str | None = None

    @model_validator(mode="after")
    def _range(self):
        if self.low is not None and self.low >= self.value:
            raise ValueError(f"low ({self.low}) must be below value ({self.value})")
        if self.unit not in SCALE:
            raise ValueError(f"unknown unit {self.unit!r}; known: {', '.join(SCALE)}")
        return self

    @property
    def derived(self) -> bool:
        return self.formula is not None

    def base(self) -> float:
        """The value in bytes, bytes/s, FLOP/s, ops/s, W, Hz or a count."""
        return self.value * SCALE[self.unit]


def metric_of(key: str) -> str:
    """``bf16-dense`` -> "compute", ``memory`` -> "memory", ``count-mxus`` -> "count"."""
    if COMPUTE_KEY.match(key):
        return "compute"
    if COUNT_KEY.match(key):
        return "count"
    if key.startswith("ridge-") and COMPUTE_KEY.match(key.removeprefix("ridge-")):
        return "ridge"
    if key in METRICS:
        return key
    raise ValueError(
        f"unknown figure key {key!r}: use <precision>-<dense|sparse|vector> "
        f"(precisions: {', '.join(PRECISIONS)}), count-<what>, or one of {', '.join(METRICS)}"
    )


def allowed_units(key: str) -> tuple[str, ...]:
    metric = metric_of(key)
    if metric == "compute":
        integer = COMPUTE_KEY.match(key)["precision"].startswith("int")
        return INTEGER_UNITS if integer else FLOATING_UNITS
    if metric == "count":
        return ("count",)
    if metric == "ridge":
        return ("FLOP/B", "OP/B")
    return METRICS[metric][1]


class Part(Strict):
    name: str = Field(min_length=3, description="as the vendor names it, variant included")
    vendor: str
    family: Literal["cpu", "gpu", "tpu", "fpga", "asic"]
    variant: str | None = Field(default=None, description="SXM, PCIe, NVL, HGX, one socket ...")
    status: Literal["available", "announced"] = Field(
        description="announced: figures are the vendor's announcement, not a shipping product"
    )
    aliases: list[str] = Field(
        default_factory=list, description="names a machine reports, e.g. nvidia-smi's"
    )
    note: str | None = None
    facts: dict[str, str] = Field(
        default_factory=dict,
        description='text facts with no number, e.g. {"host link": "PCIe Gen5"}; '
        "cite them in the chapter's prose",
    )
    fact_sources: dict[str, str] = Field(
        default_factory=dict,
        alias="fact-sources",
        description="the source of a fact, by fact key: {microarchitecture: <source id>}",
    )
    figures: dict[str, Figure]

    @model_validator(mode="after")
    def _fact_sources_name_facts(self):
        for key, source in self.fact_sources.items():
            if key not in self.facts:
                raise ValueError(
                    f"fact-sources names {key!r}, which is not one of this part's facts "
                    f"({', '.join(self.facts) or 'none'})"
                )
            if not re.match(ID, source):
                raise ValueError(f"fact-sources {key!r}: {source!r} is not a source id")
        return self

    @field_validator("figures")
    @classmethod
    def _keys_and_units(cls, figures: dict[str, Figure]) -> dict[str, Figure]:
        for key, figure in figures.items():
            units = allowed_units(key)  # raises on an unknown key
            if figure.unit not in units:
                raise ValueError(
                    f"figure {key!r}: unit {figure.unit!r} does not fit; "
                    f"use one of {', '.join(units)}"
                )
            if key in DERIVED_ONLY or key.startswith("ridge-"):
                raise ValueError(
                    f"figure {key!r} is computed by the loader (hwguide.registry.derive); "
                    "do not type it"
                )
            if figure.source is None and figure.formula is None:
                raise ValueError(f"figure {key!r} has no source: add `source: <id>`")
        return figures

    @model_validator(mode="after")
    def check_figures(self):
        for key, sparse in self.figures.items():
            match = COMPUTE_KEY.match(key)
            if not match or match["kind"] != "sparse":
                continue
            dense = self.figures.get(f"{match['precision']}-dense")
            if dense is None:
                continue
            ratio = sparse.base() / dense.base()
            if abs(ratio - 2) > 2 * SPARSE_TOLERANCE:
                raise ValueError(
                    f"figure {key!r} ({sparse.value:g} {sparse.unit}) is {ratio:.3f}× "
                    f"{match['precision']}-dense ({dense.value:g} {dense.unit}); 2:4 sparsity "
                    "doubles the peak: one of the two is wrong or is of another variant"
                )
        return self


class RegistryFile(Strict):
    """One file of ``registry/``: the sources it cites and its parts."""

    sources: dict[str, Source] = Field(default_factory=dict)
    parts: dict[str, Part] = Field(default_factory=dict)

    @field_validator("sources", "parts")
    @classmethod
    def _ids(cls, entries: dict) -> dict:
        for key in entries:
            if not re.match(ID, key):
                raise ValueError(f"id {key!r}: use lower case letters, digits, '.' and '-'")
        return entries
