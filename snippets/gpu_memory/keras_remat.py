"""Keras 3 rematerialisation: keras.RematScope and keras.remat on the TensorFlow backend."""

import keras
import numpy as np
import tensorflow as tf

x = np.random.default_rng(0).standard_normal((64, 128)).astype("float32")


def build():
    keras.utils.set_random_seed(0)  # same initial weights for both models
    return keras.Sequential(
        [
            keras.Input((128,)),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(1),
        ]
    )


plain = build()
# The scope must be active when the layers are created: each layer records the mode then.
with keras.RematScope(mode="full"):
    remat = build()

# keras.remat wraps one function; on the TensorFlow backend it calls tf.recompute_grad.
double_relu = keras.remat(lambda t: keras.ops.relu(t) * 2.0)

for name, model in [("plain", plain), ("RematScope full", remat)]:
    with tf.GradientTape() as tape:
        loss = keras.ops.mean(double_relu(model(x)) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    norm = float(tf.linalg.global_norm(grads))
    print(f"{name:>15}: loss {float(loss):.4f}, grad norm {norm:.4f}")
