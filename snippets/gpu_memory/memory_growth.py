"""Let TensorFlow grow its GPU memory pool as needed instead of reserving it all."""

# requires: gpu

import tensorflow as tf

# Must run before the first op: one call per physical GPU.
for gpu in tf.config.list_physical_devices("GPU"):
    tf.config.experimental.set_memory_growth(gpu, True)

tf.config.experimental.reset_memory_stats("GPU:0")
x = tf.random.stateless_normal((4096, 4096), seed=(0, 1))  # 64 MiB of float32
y = tf.matmul(x, x)
info = tf.config.experimental.get_memory_info("GPU:0")
print(f"in use now: {info['current'] / 2**20:.0f} MiB, peak: {info['peak'] / 2**20:.0f} MiB")

del x, y  # freed tensors go back to TensorFlow's pool, not to the driver
info = tf.config.experimental.get_memory_info("GPU:0")
print(f"after del:  {info['current'] / 2**20:.0f} MiB, peak: {info['peak'] / 2**20:.0f} MiB")
