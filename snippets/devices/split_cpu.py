"""Split one physical CPU into two logical devices, then see why order matters."""

import tensorflow as tf

cpu = tf.config.list_physical_devices("CPU")[0]

# Configure devices *before* the first op: this is when TensorFlow creates them.
tf.config.set_logical_device_configuration(
    cpu,
    [tf.config.LogicalDeviceConfiguration(), tf.config.LogicalDeviceConfiguration()],
)

logical = tf.config.list_logical_devices("CPU")  # this initialises the runtime
print(len(logical), "logical CPU devices:")
for device in logical:
    print("  ", device.name)

# Once the runtime is up, the configuration is frozen for this process.
try:
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()])
except RuntimeError as error:
    print("RuntimeError:", error)
