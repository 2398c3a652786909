"""Profile a few custom training steps with tf.profiler.experimental."""

import os
import tempfile

import keras
import tensorflow as tf

model = keras.Sequential(
    [keras.Input((32,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)]
)
optimizer = keras.optimizers.SGD(0.01)
x = tf.random.stateless_normal((64, 32), seed=(0, 1))
y = tf.random.stateless_normal((64, 1), seed=(0, 2))


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((model(x, training=True) - y) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
    return loss


train_step(x, y)  # trace and warm up before profiling

with tempfile.TemporaryDirectory() as logdir:
    tf.profiler.experimental.start(logdir)
    for step in range(3):
        # Mark each step so the profiler can split the timeline into steps.
        with tf.profiler.experimental.Trace("train", step_num=step, _r=1):
            train_step(x, y)
    tf.profiler.experimental.stop()

    for root, _dirs, files in os.walk(logdir):
        for name in files:
            rel = os.path.relpath(root, logdir).split(os.sep)
            # rel is ["plugins", "profile", "<run>"]: the run is named by date and time.
            print("/".join(rel[:2]), "/ <run> /", "<host>" + name[name.index(".") :])
