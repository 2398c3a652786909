"""Keras dtype policies: a global default, and a per-layer override with dtype=."""

import keras

for name in ["float32", "mixed_float16", "mixed_bfloat16"]:
    policy = keras.DTypePolicy(name)
    print(f"{name:>15}: compute {policy.compute_dtype}, variables {policy.variable_dtype}")

# A per-layer policy, independent of the global one (which is float32 here):
layer = keras.layers.Dense(8, dtype=keras.DTypePolicy("mixed_bfloat16"))
print("layer:", layer.dtype_policy.name, "| global:", keras.config.dtype_policy().name)
