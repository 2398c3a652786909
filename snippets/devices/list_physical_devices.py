"""Which hardware can TensorFlow use on this machine?"""

import tensorflow as tf

print("TensorFlow", tf.__version__)
print("built with CUDA:", tf.test.is_built_with_cuda())

for device in tf.config.list_physical_devices():
    print(f"{device.device_type:4} {device.name}")

gpus = tf.config.list_physical_devices("GPU")
print("GPUs visible:", len(gpus))
