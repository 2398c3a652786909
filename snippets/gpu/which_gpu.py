"""Does this TensorFlow see a GPU, which one, and which CUDA/cuDNN was it built for?"""

import tensorflow as tf

build = tf.sysconfig.get_build_info()
print("TensorFlow", tf.__version__)
print("built with CUDA:", build.get("is_cuda_build", False))
if build.get("is_cuda_build"):
    # Present only in CUDA builds: the versions this wheel was compiled against.
    print("  CUDA version :", build.get("cuda_version"))
    print("  cuDNN version:", build.get("cudnn_version"))

gpus = tf.config.list_physical_devices("GPU")
if not gpus:
    if build.get("is_cuda_build"):
        print("No GPU visible: check the driver (nvidia-smi) and CUDA_VISIBLE_DEVICES.")
    else:
        print("No GPU visible: this is a CPU-only build of TensorFlow.")
        print('On Linux, `pip install "tensorflow[and-cuda]"` gets a CUDA build.')
for gpu in gpus:
    details = tf.config.experimental.get_device_details(gpu)
    print(gpu.name, details.get("device_name"), details.get("compute_capability"))
