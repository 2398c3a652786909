"""Cited peak figures for the GPUs a runner may have, to express measurements
as efficiency. The figures come from the hardware registry (``registry/``): a
part whose ``aliases`` hold the name nvidia-smi reports.

Dense peaks only: where a source gives only the 2:4-sparse figure, the
registry derives the dense one (half of it) and says so. TensorFlow runs
float32 matmuls in TF32 on Ampere and newer GPUs by default
(``tf.config.experimental.enable_tensor_float_32_execution``), so float32
matmul rows are compared with the TF32 tensor-core peak.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..registry import Registry, load

#: Measured dtype -> the registry figure it is compared with.
DTYPE_KEYS = {
    "float32": "tf32-dense",
    "bfloat16": "bf16-dense",
    "float16": "fp16-dense",
    "float8": "fp8-dense",
}


@dataclass(frozen=True)
class Peak:
    product: str
    dense_tflops: dict[str, float]  # by dtype of the measured case
    bandwidth_gbs: float | None  # memory bandwidth, decimal GB/s
    source: str  # URL of the source of the BF16 (else first) peak


@cache
def _registry() -> Registry:
    return load()


def gpu_peak(name: str, registry: Registry | None = None) -> Peak | None:
    registry = registry or _registry()
    found = registry.by_alias(name)
    if found is None:
        return None
    _, part = found
    dense = {
        dtype: part.figures[key].base() / 1e12
        for dtype, key in DTYPE_KEYS.items()
        if key in part.figures
    }
    bandwidth = part.figures.get("bandwidth")
    cited = [
        registry.source(part.figures[k])
        for k in ("bf16-dense", "bf16-sparse", *part.figures)
        if k in part.figures
    ]
    source = next((s.url for s in cited if s), "")
    return Peak(part.name, dense, bandwidth.base() / 1e9 if bandwidth else None, source)
