"""Range and precision of the floating-point formats used in deep learning."""

import ml_dtypes  # NumPy types for bfloat16 and float8; installed with TensorFlow
import numpy as np
import tensorflow as tf

# --8<-- [start:finfo]
for name in ("float32", "bfloat16", "float16", "float8_e5m2", "float8_e4m3fn"):
    info = ml_dtypes.finfo(getattr(ml_dtypes, name, None) or np.dtype(name))
    print(f"{name:13} bits={info.bits:2}  max={float(info.max):<10.4g} eps={float(info.eps):.3g}")
# --8<-- [end:finfo]

# --8<-- [start:overflow]
big = tf.constant([60000.0, 70000.0])
print("float16: ", tf.cast(big, tf.float16).numpy())  # 70000 > 65504: inf
print("bfloat16:", tf.cast(big, tf.bfloat16).numpy())  # in range, but rounded
# --8<-- [end:overflow]

# --8<-- [start:precision]
one = np.float32(1.0)
for dtype in (tf.float32, tf.bfloat16, tf.float16):
    x = tf.constant(one, dtype) + tf.constant(1e-3, dtype)
    print(f"1 + 0.001 in {dtype.name:9} = {float(x.numpy()):.6f}")
# --8<-- [end:precision]
