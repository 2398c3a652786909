"""End-to-end Keras training of a small image model: samples/s by batch size and mode."""

import keras
import numpy as np
import tensorflow as tf
from timing import measure, pick, record, report

VERSION = 1
# On a machine with a GPU, train on both, so one capture compares them.
DEVICES = ["CPU"] + (["GPU"] if tf.config.list_physical_devices("GPU") else [])
BATCHES = pick(quick=[16, 64, 256], full=[16, 64, 256, 1024], smoke=[4])


def small_cnn():
    return keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10),
            # Keep the outputs in float32 under mixed precision (numerically safer).
            keras.layers.Activation("linear", dtype="float32"),
        ]
    )


rng = np.random.default_rng(0)
results = []
for device in DEVICES:
    # Mixed precision uses the 16-bit type the device is fast at.
    mixed = "mixed_float16" if device == "GPU" else "mixed_bfloat16"
    for mode in ("default", "xla", mixed):
        keras.mixed_precision.set_global_policy(mixed if mode == mixed else "float32")
        for batch in BATCHES:
            keras.utils.set_random_seed(0)
            x = rng.standard_normal((batch, 32, 32, 3), dtype=np.float32)
            y = rng.integers(0, 10, size=(batch,))
            with tf.device(f"/{device}:0"):
                model = small_cnn()
                model.compile(
                    optimizer="adam",
                    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                    jit_compile=(mode == "xla"),
                )
                # train_on_batch returns the loss as a NumPy value: the step has finished.
                step = lambda: model.train_on_batch(x, y)  # noqa: E731
                samples = measure(step, lambda loss: loss, warmup=3)
            case = {"device": device, "mode": mode, "batch": batch}
            results.append(record(case, samples, samples=batch))
keras.mixed_precision.set_global_policy("float32")

report("training", VERSION, results)
