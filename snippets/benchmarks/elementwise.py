"""Memory-bound work: achieved bandwidth of a large elementwise op (y = 2x + 1)."""

import tensorflow as tf
from timing import measure, pick, record, report

VERSION = 1
# Sizes in float32 elements: from cache-resident to far larger than the caches.
SIZES = pick(quick=[2**16, 2**20, 2**24], full=[2**20, 2**24, 2**27], smoke=[2**12])
DEVICE = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"

results = []
for n in SIZES:
    x = tf.random.stateless_uniform((n,), seed=(3, 4))
    for xla in (False, True):
        # Without XLA this is two kernels (multiply, then add) and an intermediate
        # array; XLA fuses them into one pass over memory.
        axpb = tf.function(lambda v: v * 2.0 + 1.0, jit_compile=xla)
        samples = measure(lambda: axpb(x), lambda r: r[0].numpy())
        moved = 2 * n * 4  # read x once, write y once (the minimum, as if fused)
        case = {"device": DEVICE, "elements": n, "xla": xla}
        results.append(record(case, samples, bytes=moved, flop=2 * n))

report("elementwise", VERSION, results)
