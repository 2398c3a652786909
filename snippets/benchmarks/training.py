"""End-to-end Keras training of a small image model: samples/s by batch size and mode."""

import math

import keras
import numpy as np
import tensorflow as tf
from timing import measure, pick, record, report

VERSION = 2  # 2: records FLOPs per step
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


def forward_flops(model):
    """FLOPs of one example's forward pass: 2 per multiply-add of each Conv2D and
    Dense layer (its kernel's size times the positions it is applied at; biases,
    activations and pooling are left out, as they are tiny next to these)."""
    flops = 0
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D | keras.layers.Dense):
            positions = math.prod(layer.output.shape[1:-1])  # height x width; 1 for Dense
            flops += 2 * positions * math.prod(layer.kernel.shape)
    return flops


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
            # A training step is counted as 3 forward passes: the backward pass
            # computes two gradients (inputs and weights), each about one forward's
            # worth (as conv.py counts it, and as the site's estimator assumes).
            flop = 3 * forward_flops(model) * batch
            results.append(record(case, samples, samples=batch, flop=flop))
keras.mixed_precision.set_global_policy("float32")

report("training", VERSION, results)
