"""Profile batches 3 to 5 of a Keras fit with the TensorBoard callback."""

import os
import tempfile

import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.standard_normal((256, 32)).astype("float32")
y = rng.standard_normal((256, 1)).astype("float32")

model = keras.Sequential(
    [keras.Input((32,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)]
)
model.compile(optimizer="sgd", loss="mse")

with tempfile.TemporaryDirectory() as logdir:
    tensorboard = keras.callbacks.TensorBoard(log_dir=logdir, profile_batch=(3, 5))
    model.fit(x, y, batch_size=32, epochs=1, callbacks=[tensorboard], verbose=0)

    kinds = set()
    for root, _dirs, files in os.walk(logdir):
        for name in files:
            where = os.path.relpath(root, logdir).split(os.sep)
            if name.endswith(".xplane.pb"):
                kinds.add(f"{'/'.join(where[:-1])}/<run>/<host>.xplane.pb  (profile)")
            elif "tfevents" in name:
                kinds.add(f"{'/'.join(where)}/events.out.tfevents.*  (TensorBoard events)")
    print("\n".join(sorted(kinds)))
