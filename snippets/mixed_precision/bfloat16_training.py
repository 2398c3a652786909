"""Train a tiny Keras model under the mixed_bfloat16 policy and inspect layer dtypes."""

import keras
import numpy as np

keras.mixed_precision.set_global_policy("mixed_bfloat16")  # process-wide

rng = np.random.default_rng(0)
x = rng.normal(size=(512, 16)).astype("float32")
y = (x[:, :4].sum(axis=1) > 0).astype("int32")

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input((16,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(2),
        # Keep the last activation in float32: softmax and the loss need the range.
        keras.layers.Activation("softmax", dtype="float32"),
    ]
)
for layer in model.layers:
    print(f"{layer.name:>12}: compute {layer.compute_dtype}, variables {layer.variable_dtype}")

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
before = model.evaluate(x, y, verbose=0)
model.fit(x, y, epochs=5, batch_size=64, verbose=0)
after = model.evaluate(x, y, verbose=0)
print(f"loss {before[0]:.3f} -> {after[0]:.3f}, accuracy {before[1]:.2f} -> {after[1]:.2f}")
print("output dtype:", model(x[:2]).dtype, "| kernel dtype:", model.layers[0].kernel.dtype)

keras.mixed_precision.set_global_policy("float32")  # reset for the rest of the process
