"""Affine int8 quantization (scale, zero point) and an integer matmul with int32 accumulation."""

import numpy as np

rng = np.random.default_rng(0)


# --8<-- [start:quantize]
def quant_params(x, symmetric):
    """Scale and zero point that map the range of x onto int8 [-128, 127]."""
    if symmetric:  # weights: zero point 0, as TFLite/LiteRT uses for int8 weights
        return np.abs(x).max() / 127.0, 0
    lo, hi = min(x.min(), 0.0), max(x.max(), 0.0)  # the range must contain 0
    scale = (hi - lo) / 255.0
    return scale, int(np.round(-128 - lo / scale))


def quantize(x, scale, zero_point):
    return np.clip(np.round(x / scale) + zero_point, -128, 127).astype(np.int8)


# --8<-- [end:quantize]


activations = rng.uniform(0.0, 6.0, size=(4, 64)).astype(np.float32)  # e.g. after ReLU6
weights = rng.normal(0.0, 0.2, size=(64, 8)).astype(np.float32)

sa, za = quant_params(activations, symmetric=False)
sw, zw = quant_params(weights, symmetric=True)
qa, qw = quantize(activations, sa, za), quantize(weights, sw, zw)
print(f"activations: scale={sa:.5f} zero_point={za}")
print(f"weights:     scale={sw:.5f} zero_point={zw}")

# --8<-- [start:matmul]
# What the integer unit computes: int8 x int8 products summed in int32.
acc = (qa.astype(np.int32) - za) @ (qw.astype(np.int32) - zw)
print("accumulator dtype:", acc.dtype, "| largest |value|:", np.abs(acc).max())
approx = acc * (sa * sw)  # one float rescale per output (often a fixed-point multiply)
# --8<-- [end:matmul]

exact = activations @ weights
rel = np.abs(approx - exact).max() / np.abs(exact).max()
print(f"max error relative to the largest output: {rel:.3%}")
print("within 2% of float32:", rel < 0.02)
