"""Keras 3: model.compile(jit_compile=...) and what the default "auto" resolves to."""

import keras
import numpy as np


def tiny_model():
    return keras.Sequential(
        [keras.Input((16,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1)]
    )


rng = np.random.default_rng(0)
x = rng.standard_normal((256, 16)).astype("float32")
y = rng.standard_normal((256, 1)).astype("float32")

auto = tiny_model()
auto.compile(optimizer="adam", loss="mse")  # jit_compile="auto" by default
print('jit_compile="auto" resolved to:', auto.jit_compile)

forced = tiny_model()
forced.compile(optimizer="adam", loss="mse", jit_compile=True)
print("jit_compile=True gives:", forced.jit_compile)
history = forced.fit(x, y, batch_size=32, epochs=2, verbose=0)
print("loss per epoch with XLA:", [round(v, 4) for v in history.history["loss"]])
