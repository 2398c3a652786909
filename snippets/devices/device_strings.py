"""Device strings: the full form, the short form, and where a tensor lives."""

import tensorflow as tf

full = tf.DeviceSpec.from_string("/job:localhost/replica:0/task:0/device:GPU:1")
print(
    "job:",
    full.job,
    "| task:",
    full.task,
    "| type:",
    full.device_type,
    "| index:",
    full.device_index,
)

short = tf.DeviceSpec(device_type="CPU", device_index=0)
print("short form:", short.to_string())

x = tf.constant([1.0, 2.0, 3.0])
print("x was placed on:", x.device)
