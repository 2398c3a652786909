"""DTensor in TensorFlow 2.21: shard a tensor over two logical CPUs (still experimental)."""

import tensorflow as tf
from tensorflow.experimental import dtensor

# Two logical CPU devices stand in for two accelerators (before the runtime starts).
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)

mesh = dtensor.create_mesh([("batch", 2)], device_type="CPU")  # a 1-D mesh of 2 devices
sharded = dtensor.Layout(["batch", dtensor.UNSHARDED], mesh)  # rows split over "batch"
replicated = dtensor.Layout.replicated(mesh, rank=2)

x = dtensor.call_with_layout(tf.ones, sharded, shape=(4, 3))  # each device holds 2 rows
w = dtensor.call_with_layout(tf.ones, replicated, shape=(3, 2))  # each device holds all of w
y = tf.matmul(x, w)  # DTensor propagates the layout: y is sharded like x

print("x layout:", dtensor.fetch_layout(x).sharding_specs)
print("y layout:", dtensor.fetch_layout(y).sharding_specs)
print("per-device shapes of y:", [tuple(c.shape) for c in dtensor.unpack(y)])
print("sum of all elements of y:", float(tf.reduce_sum(y)))
