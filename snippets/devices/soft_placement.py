"""Soft placement: what happens when you ask for a device that is not there."""

import tensorflow as tf

print("soft placement on:", tf.config.get_soft_device_placement())

# GPU:7 does not exist on this machine (nor on most). With soft placement on,
# TensorFlow quietly runs the op on a device that does exist.
with tf.device("/GPU:7"):
    x = tf.ones((2, 2)) * 2.0
print("asked for GPU:7, ran on:", x.device)

# With soft placement off, the same request is an error.
tf.config.set_soft_device_placement(False)
try:
    with tf.device("/GPU:7"):
        y = tf.ones((2, 2)) * 2.0
    print("ran on:", y.device)
except (tf.errors.InvalidArgumentError, RuntimeError) as error:
    print(type(error).__name__ + ":", str(error).splitlines()[0][:120])
finally:
    tf.config.set_soft_device_placement(True)
