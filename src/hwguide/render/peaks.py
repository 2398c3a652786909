"""Cited peak figures for accelerators, to express measurements as efficiency.

Dense figures only. NVIDIA's datasheets list tensor-core figures "with
sparsity", rounded; dense is half. Where NVIDIA publishes the unrounded dense
figure (the Hopper whitepaper, for the H100 SXM5), that figure is used: halving
the datasheet's rounded 1,979 would give 989.5 instead of 989.4. TensorFlow runs
float32 matmuls in TF32 on Ampere and newer GPUs by default
(``tf.config.experimental.enable_tensor_float_32_execution``), so float32 matmul
rows are compared with the TF32 tensor-core peak.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Peak:
    product: str
    dense_tflops: dict[str, float]  # by dtype of the measured case
    bandwidth_gbs: float  # memory bandwidth, decimal GB/s
    source: str


# Dense TF32 494.7, BF16/FP16 989.4, FP8 1,978.9 TFLOP/s for the H100 SXM5.
HOPPER_WHITEPAPER = "https://resources.nvidia.com/en-us-tensor-core/gtc22-whitepaper-hopper"
# H100 PCIe: the datasheet's sparse figures (TF32 756, BF16 1,513, FP8 3,026) halved;
# bandwidths of both H100 variants.
H100_DATASHEET = "https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet"
# H200 SXM: same compute as the H100 SXM (same sparse figures); 4.8 TB/s.
H200 = "https://www.nvidia.com/en-us/data-center/h200/"

#: nvidia-smi name -> peak. Only the variants whose datasheet we have checked.
GPUS = {
    "NVIDIA H100 80GB HBM3": Peak(
        "H100 SXM5 80GB",
        {"float32": 494.7, "bfloat16": 989.4, "float16": 989.4, "float8": 1978.9},
        3350.0,
        HOPPER_WHITEPAPER,
    ),
    "NVIDIA H100 PCIe": Peak(
        "H100 PCIe 80GB",
        {"float32": 378.0, "bfloat16": 756.5, "float16": 756.5, "float8": 1513.0},
        2000.0,
        H100_DATASHEET,
    ),
    "NVIDIA H200": Peak(
        "H200 SXM 141GB",
        {"float32": 494.7, "bfloat16": 989.4, "float16": 989.4, "float8": 1978.9},
        4800.0,
        H200,
    ),
}


def gpu_peak(name: str) -> Peak | None:
    return GPUS.get(name.strip())
