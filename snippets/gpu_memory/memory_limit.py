"""Cap TensorFlow's GPU memory, or split one GPU into two virtual GPUs."""

# requires: gpu

import tensorflow as tf

gpu = tf.config.list_physical_devices("GPU")[0]
try:
    # Two logical GPUs of 1 GiB each on one physical GPU (memory_limit is in MiB).
    tf.config.set_logical_device_configuration(
        gpu,
        [
            tf.config.LogicalDeviceConfiguration(memory_limit=1024),
            tf.config.LogicalDeviceConfiguration(memory_limit=1024),
        ],
    )
except (RuntimeError, ValueError) as error:
    # RuntimeError: the runtime already started (in a notebook, restart the kernel and
    # make this the first cell). ValueError: a setting TensorFlow refuses, such as a
    # GPU configuration without a memory_limit.
    print(f"{type(error).__name__}: {error}")

print([d.name for d in tf.config.list_logical_devices("GPU")])

# Ask for more than a 1 GiB logical GPU holds: 2 GiB of float32.
try:
    with tf.device("/GPU:0"):
        too_big = tf.zeros((512, 1024, 1024))
        print("allocated", too_big.shape, "(no 1 GiB limit in force in this process)")
except tf.errors.ResourceExhaustedError as error:
    print("ResourceExhaustedError:", str(error).splitlines()[0][:200])
