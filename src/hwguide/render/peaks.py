"""Cited peak figures for accelerators, to express measurements as efficiency.

Dense figures only (NVIDIA's datasheets list tensor-core figures "with
sparsity"; dense is half). TensorFlow runs float32 matmuls in TF32 on Ampere
and newer GPUs by default (``tf.config.experimental.enable_tensor_float_32_execution``),
so float32 matmul rows are compared with the TF32 tensor-core peak.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Peak:
    product: str
    dense_tflops: dict[str, float]  # by dtype of the measured case
    bandwidth_gbs: float  # memory bandwidth, decimal GB/s
    source: str


H100_SXM = "https://www.nvidia.com/en-us/data-center/h100/"
H200 = "https://www.nvidia.com/en-us/data-center/h200/"

#: nvidia-smi name -> peak. Only the variants whose datasheet we have checked.
GPUS = {
    "NVIDIA H100 80GB HBM3": Peak(
        "H100 SXM5 80GB",
        {"float32": 494.5, "bfloat16": 989.5, "float16": 989.5, "float8": 1979.0},
        3350.0,
        H100_SXM,
    ),
    "NVIDIA H100 PCIe": Peak(
        "H100 PCIe 80GB",
        {"float32": 378.0, "bfloat16": 756.5, "float16": 756.5, "float8": 1513.0},
        2000.0,
        H100_SXM,
    ),
    "NVIDIA H200": Peak(
        "H200 SXM 141GB",
        {"float32": 494.5, "bfloat16": 989.5, "float16": 989.5, "float8": 1979.0},
        4800.0,
        H200,
    ),
}


def gpu_peak(name: str) -> Peak | None:
    return GPUS.get(name.strip())
