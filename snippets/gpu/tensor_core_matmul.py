"""Time one large matmul on the GPU in float32, TF32, bfloat16 and float16."""

# requires: gpu

import time

import tensorflow as tf

N = 8192  # 2 * N**3 floating-point operations per matmul
REPEATS = 10


def tflops(dtype, allow_tf32):
    """Warm up once, then return the mean TFLOP/s over REPEATS matmuls."""
    tf.config.experimental.enable_tensor_float_32_execution(allow_tf32)
    with tf.device("/GPU:0"):
        a = tf.cast(tf.random.stateless_normal((N, N), seed=(1, 2)), dtype)
        b = tf.cast(tf.random.stateless_normal((N, N), seed=(3, 4)), dtype)
        matmul = tf.function(tf.linalg.matmul)
        matmul(a, b).numpy()  # warm-up: builds the function, picks the kernel
        start = time.perf_counter()
        for _ in range(REPEATS):
            c = matmul(a, b)
        # GPU ops are asynchronous: copying one value back waits for all of them.
        _ = c[0, 0].numpy()
        seconds = (time.perf_counter() - start) / REPEATS
    return 2 * N**3 / seconds / 1e12


print(f"float32 (TF32 off): {tflops(tf.float32, False):8.1f} TFLOP/s")
print(f"float32 (TF32 on) : {tflops(tf.float32, True):8.1f} TFLOP/s")
print(f"bfloat16          : {tflops(tf.bfloat16, True):8.1f} TFLOP/s")
print(f"float16           : {tflops(tf.float16, True):8.1f} TFLOP/s")
