"""Placement logging switched after start-up: what it really changes (see the text)."""

import tensorflow as tf


def request_missing_gpu():
    """Ask for a device that does not exist: soft placement decides what happens."""
    try:
        with tf.device("/GPU:7"):
            tf.ones((2, 2)) * 2.0
        return "fell back to another device"
    except tf.errors.InvalidArgumentError:
        return "failed: soft placement is off"


x = tf.ones((2, 2))  # the runtime starts here, with placement logging off

tf.debugging.set_log_device_placement(True)
print("set_log_device_placement(True) after start-up; a matmul now prints:")
tf.matmul(x, x)  # a placement line would appear here if logging were on
print("(end of the matmul's output)")

tf.debugging.set_log_device_placement(False)
print("set_log_device_placement(False): a request for GPU:7", request_missing_gpu())
print("tf.config.get_soft_device_placement() still says", tf.config.get_soft_device_placement())

tf.config.set_soft_device_placement(True)  # the workaround: set it again, explicitly
print("set_soft_device_placement(True): a request for GPU:7", request_missing_gpu())
