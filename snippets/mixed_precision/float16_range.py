"""Why loss scaling exists: float16 overflows above 65504 and flushes tiny values to zero."""

import numpy as np

print("float16 max:", float(np.finfo(np.float16).max), "| bfloat16 shares float32's exponent range")
with np.errstate(over="ignore"):
    print("70000 as float16:", np.float16(70000.0))  # overflow -> inf
print("1e-8 as float16: ", np.float16(1e-8))  # underflow -> 0: a lost small gradient
print("smallest float16 subnormal:", float(np.float16(2.0**-24)))

# Loss scaling: multiply the loss (and so every gradient) by S before the backward
# pass, divide the gradients by S before the update. Small gradients survive.
grad = 1e-8
scale = 2.0**15
scaled = np.float16(grad * scale)
print(f"scaled by {scale:.0f}: {scaled} -> unscaled in float32: {np.float32(scaled) / scale:.3e}")
