"""An input-bound training run: naive pipeline vs parallel map and prefetch."""

import time

import keras
import numpy as np
import tensorflow as tf

STEPS, BATCH, DELAY_S = 8, 16, 0.002  # 2 ms of "preprocessing" per example


def slow_preprocess(x):
    time.sleep(DELAY_S)  # stands in for decoding, resizing, tokenising...
    return x


def preprocess(x, y):
    x = tf.py_function(slow_preprocess, [x], tf.float32)
    x.set_shape([32])
    return x, y


rng = np.random.default_rng(0)
features = rng.standard_normal((STEPS * BATCH, 32)).astype("float32")
labels = rng.standard_normal((STEPS * BATCH, 1)).astype("float32")
source = tf.data.Dataset.from_tensor_slices((features, labels))

naive = source.map(preprocess).batch(BATCH)
tuned = (
    source.map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
    .batch(BATCH)
    .prefetch(tf.data.AUTOTUNE)
)

model = keras.Sequential([keras.Input((32,)), keras.layers.Dense(16), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(source.batch(BATCH), epochs=1, shuffle=False, verbose=0)  # warm-up: trace the train step

for name, ds in [("naive", naive), ("parallel map + prefetch", tuned)]:
    start = time.perf_counter()
    model.fit(ds, epochs=1, shuffle=False, verbose=0)
    elapsed = time.perf_counter() - start
    print(f"{name:>24}: {STEPS / elapsed:6.1f} steps/s")
