"""An op XLA cannot compile makes jit_compile=True fail loudly."""

import numpy as np
import tensorflow as tf


def host_side(x):
    return np.sort(x.numpy())  # arbitrary Python: XLA cannot compile this


@tf.function(jit_compile=True)
def must_compile(x):
    y = tf.py_function(host_side, [x], tf.float32)
    return y * 2.0


@tf.function  # no jit_compile: the same code runs as an ordinary graph
def may_compile(x):
    y = tf.py_function(host_side, [x], tf.float32)
    return y * 2.0


x = tf.constant([3.0, 1.0, 2.0])
try:
    must_compile(x)
except tf.errors.InvalidArgumentError as err:
    first_line = str(err).splitlines()[0]
    print("jit_compile=True failed:", first_line[:90], "...")
print("without jit_compile:", may_compile(x).numpy())
