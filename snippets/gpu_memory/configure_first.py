"""The ordering rule: device settings are frozen once TensorFlow's runtime starts."""

import tensorflow as tf

cpu = tf.config.list_physical_devices("CPU")[0]  # listing does not start the runtime

x = tf.ones((2, 2))  # the first op starts the runtime and creates the logical devices

try:
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
except RuntimeError as error:
    print("RuntimeError:", error)

# On a GPU, memory growth is a *physical* device setting and fails the same way.
for gpu in tf.config.list_physical_devices("GPU"):
    try:
        wanted = not tf.config.experimental.get_memory_growth(gpu)
        tf.config.experimental.set_memory_growth(gpu, wanted)
    except RuntimeError as error:
        print("RuntimeError:", error)

# Memory statistics are kept per allocator. The CPU has them only where oneDNN's custom
# ops, and with them oneDNN's CPU allocator, are on; elsewhere the call raises. Where they
# exist they count large tensors, not tiny ones, so measure with a tensor of some size.
big = tf.ones((1024, 1024))  # 4 MiB of float32, alive during the call below
try:
    info = tf.config.experimental.get_memory_info("CPU:0")
    size = big.shape.num_elements() * big.dtype.size
    print(f"CPU:0 with a {size}-byte tensor alive: {info}")
except ValueError as error:
    print("ValueError:", error)
