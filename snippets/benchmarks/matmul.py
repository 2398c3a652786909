"""Matrix multiply throughput over sizes: TensorFlow (XLA off/on, by dtype) and NumPy."""

from pathlib import Path

import numpy as np
import tensorflow as tf
from timing import measure, pick, record, report

VERSION = 1
# Intel AMX (Linux lists it as the amx_bf16 CPU flag) multiplies bfloat16 tiles
# in hardware; its advantage shows only on large matrices, so on CPUs that have
# it the quick sweep goes one size further.
CPUINFO = Path("/proc/cpuinfo")
AMX = CPUINFO.exists() and "amx_bf16" in CPUINFO.read_text().split()
SIZES = pick(
    quick=[256, 512, 1024, 2048] + ([4096] if AMX else []),
    full=[512, 1024, 2048, 4096, 8192],
    smoke=[64],
)
DEVICE = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
# Reduced precisions where the device has fast paths for them: bfloat16 on CPUs
# with AVX512_BF16/AMX and on GPUs from Ampere; float16 on GPUs with tensor cores.
DTYPES = ["float32", "bfloat16"] + (["float16"] if DEVICE == "GPU" else [])


def sync(result):
    # Reading one element waits for the kernel that produced it, and copies
    # 1 value, not the whole matrix, back to the host.
    return result[0, 0].numpy()


results = []
for n in SIZES:
    flop = 2 * n**3  # n*n outputs, each n multiplies and n adds
    for dtype in DTYPES:
        a = tf.random.stateless_normal((n, n), seed=(1, 2), dtype=tf.float32)
        a = tf.cast(a, dtype)
        for xla in (False, True):
            matmul = tf.function(lambda x: tf.matmul(x, x), jit_compile=xla)
            samples = measure(lambda: matmul(a), sync)
            case = {"impl": "tensorflow", "device": DEVICE, "n": n, "dtype": dtype, "xla": xla}
            itemsize = tf.as_dtype(dtype).size
            results.append(record(case, samples, flop=flop, bytes=3 * n * n * itemsize))

    # An independent reference in the same run: NumPy's BLAS (float32, on the CPU).
    x = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
    samples = measure(lambda: x @ x, lambda result: result)
    case = {"impl": "numpy", "device": "CPU", "n": n, "dtype": "float32", "xla": False}
    results.append(record(case, samples, flop=flop, bytes=3 * n * n * 4))

report("matmul", VERSION, results)
