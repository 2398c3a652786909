"""Size TensorFlow's two CPU thread pools before the first op."""

import os

import tensorflow as tf

# 0 (the default) means "let TensorFlow choose": one thread per logical CPU.
print(
    "defaults:",
    tf.config.threading.get_intra_op_parallelism_threads(),
    tf.config.threading.get_inter_op_parallelism_threads(),
)

cores = os.cpu_count()
tf.config.threading.set_intra_op_parallelism_threads(cores)  # threads inside one op
tf.config.threading.set_inter_op_parallelism_threads(1)  # independent ops at once
print(
    "set to:  ",
    tf.config.threading.get_intra_op_parallelism_threads(),
    tf.config.threading.get_inter_op_parallelism_threads(),
)

tf.matmul(tf.ones((64, 64)), tf.ones((64, 64)))  # the pools are created here
try:
    tf.config.threading.set_intra_op_parallelism_threads(cores + 1)
except RuntimeError as error:
    print("RuntimeError:", error)
