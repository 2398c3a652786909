"""Input pipeline effect on training speed: naive tf.data vs parallel map + prefetch."""

import time

import keras
import numpy as np
import tensorflow as tf
from timing import measure, pick, record, report

VERSION = 1
DEVICE = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
BATCH = 64
STEPS = pick(quick=10, full=50, smoke=2)

rng = np.random.default_rng(0)
images = rng.integers(0, 256, size=(BATCH * STEPS, 32, 32, 3), dtype=np.uint8)
labels = rng.integers(0, 10, size=(BATCH * STEPS,))


def read_latency(label):
    # Stands in for fetching one example from storage or the network: 2 ms of
    # waiting, during which the CPU is free (as with real I/O).
    time.sleep(0.002)
    return label


def augment(image, label):
    label = tf.py_function(read_latency, [label], label.dtype)
    label.set_shape(())
    # Per-example preprocessing with real CPU cost: convert, flip, crop, and a
    # few passes of arithmetic standing in for decoding and augmentation.
    image = tf.image.convert_image_dtype(image, tf.float32)
    image = tf.image.random_flip_left_right(image, seed=1)
    image = tf.image.resize_with_crop_or_pad(image, 36, 36)
    image = tf.image.random_crop(image, (32, 32, 3), seed=2)
    for _ in range(20):
        image = tf.math.tanh(image * 1.01)
    return image, label


def dataset(parallel):
    ds = tf.data.Dataset.from_tensor_slices((images, labels))
    if parallel:
        ds = ds.map(augment, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
        return ds.batch(BATCH).prefetch(tf.data.AUTOTUNE)
    return ds.map(augment).batch(BATCH)


model = keras.Sequential(
    [
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10),
    ]
)
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

results = []
for parallel in (False, True):
    pipeline = dataset(parallel)
    # One epoch of STEPS steps, including the time spent waiting for input.
    epoch = lambda: model.fit(pipeline, epochs=1, shuffle=False, verbose=0).history["loss"][-1]  # noqa: E731
    samples = measure(epoch, lambda loss: loss, warmup=1, repeats=pick(5, 7, 1), min_time=0)
    case = {"device": DEVICE, "pipeline": "parallel map + prefetch" if parallel else "naive"}
    results.append(record(case, samples, samples=BATCH * STEPS))

report("input_pipeline", VERSION, results)
