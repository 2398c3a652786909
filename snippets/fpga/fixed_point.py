"""Quantize a Dense layer to ap_fixed<W,I>-style fixed point and measure the error."""

import keras
import numpy as np

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)


# --8<-- [start:quantize]
def to_fixed(x, width, integer):
    """Round to a signed fixed-point grid of `width` bits, `integer` of them left of the point.

    Like HLS ap_fixed<width, integer, AP_RND_CONV, AP_SAT>: np.round rounds ties to even
    (convergent rounding, AP_RND_CONV), and np.clip saturates (AP_SAT).
    """
    frac = width - integer
    step = 2.0**-frac
    lo = -(2.0 ** (integer - 1))
    hi = 2.0 ** (integer - 1) - step
    return np.clip(np.round(x / step) * step, lo, hi)


# --8<-- [end:quantize]


layer = keras.layers.Dense(16, activation="relu")
x = rng.normal(size=(256, 32)).astype(np.float32)
reference = layer(x).numpy()  # builds the layer and gives the float32 output
kernel, bias = (w.numpy() for w in layer.weights)

print(f"weights span [{kernel.min():.3f}, {kernel.max():.3f}]")
print("format         max |error|   mean |error|   weights at the limit")
for width, integer in [(16, 6), (8, 3), (8, 1), (6, 1), (4, 1)]:
    qk, qb = to_fixed(kernel, width, integer), to_fixed(bias, width, integer)
    qx = to_fixed(x, 16, 6)  # inputs in a wider format, as a first layer often has
    out = np.maximum(qx @ qk + qb, 0.0)
    err = np.abs(out - reference)
    clipped = np.mean(np.abs(qk) >= 2.0 ** (integer - 1) - 2.0 ** -(width - integer))
    print(
        f"ap_fixed<{width},{integer}>".ljust(15),
        f"{err.max():11.5f}   {err.mean():12.6f}   {clipped:8.1%}",
    )
