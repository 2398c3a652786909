"""What TensorFlow knows about each GPU, and what a host-to-device copy costs."""

# requires: gpu

import time

import tensorflow as tf

for gpu in tf.config.list_physical_devices("GPU"):
    details = tf.config.experimental.get_device_details(gpu)
    print(
        gpu.name,
        "|",
        details.get("device_name"),
        "| compute capability",
        details.get("compute_capability"),
    )

# Ops with a GPU kernel run on GPU:0 by default when a GPU is visible.
x = tf.random.stateless_normal((4096, 4096), seed=(0, 1))
y = tf.matmul(x, x)
print("default placement:", y.device)

# Copying a 64 MiB tensor from the host to the GPU: time it, synchronising
# before the clock stops (.numpy() on a reduction waits for the device).
with tf.device("/CPU:0"):
    host = tf.random.stateless_normal((4096, 4096), seed=(0, 2))
with tf.device("/GPU:0"):
    _ = tf.identity(host)  # warm-up
    start = time.perf_counter()
    on_gpu = tf.identity(host)
    _ = tf.reduce_sum(on_gpu).numpy()
    seconds = time.perf_counter() - start
size_gib = host.shape.num_elements() * 4 / 2**30
print(f"copied {size_gib:.3f} GiB to {on_gpu.device} in {seconds * 1e3:.1f} ms")
