"""Compile one function with XLA via tf.function(jit_compile=True)."""

import numpy as np
import tensorflow as tf


def gelu_bias(x, b):
    # A chain of elementwise ops: add, multiply, tanh, add, multiply.
    y = x + b
    return 0.5 * y * (1.0 + tf.tanh(0.7978845608 * (y + 0.044715 * y**3)))


graph_fn = tf.function(gelu_bias)  # TensorFlow graph: mostly one kernel per op
xla_fn = tf.function(gelu_bias, jit_compile=True)  # one XLA program

rng = np.random.default_rng(0)
x = tf.constant(rng.standard_normal((256, 512)), dtype=tf.float32)
b = tf.constant(rng.standard_normal((512,)), dtype=tf.float32)

same = np.allclose(graph_fn(x, b).numpy(), xla_fn(x, b).numpy(), atol=1e-5)
print("XLA result matches the graph result:", same)
print("output device:", xla_fn(x, b).device)
