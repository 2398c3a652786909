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

# Memory statistics are kept per device. For the CPU it depends on the build:
# with oneDNN on, this TensorFlow reports zeros; with it off, it raises.
try:
    print("CPU:0", tf.config.experimental.get_memory_info("CPU:0"))
except ValueError as error:
    print("ValueError:", error)
