"""Fair A/B timing of a thread setting: one fresh process per setting, median of repeats."""

import json
import statistics
import subprocess
import sys

CHILD = """
import json, sys, time
import tensorflow as tf
threads = int(sys.argv[1])
tf.config.threading.set_intra_op_parallelism_threads(threads)  # before any op
x = tf.random.stateless_normal((512, 512), seed=(0, 1))
step = tf.function(lambda a: tf.reduce_sum(tf.matmul(a, a)))
for _ in range(3):  # warm-up: tracing, thread start-up, caches (not timed)
    step(x).numpy()
times = []
for _ in range(7):
    start = time.perf_counter()
    for _ in range(10):
        result = step(x)
    result.numpy()  # wait for the work before stopping the clock
    times.append((time.perf_counter() - start) / 10)
print(json.dumps(times))
"""


def run(threads: int) -> list[float]:
    """Run the benchmark in a fresh interpreter: thread pools are fixed per process."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(threads)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


print(f"{'intra-op threads':>18} {'median ms':>10} {'IQR/median':>11}")
for threads in [1, 0]:  # 0 = TensorFlow's default
    times = run(threads)
    q1, median, q3 = statistics.quantiles(times, n=4)
    label = "default (0)" if threads == 0 else str(threads)
    print(f"{label:>18} {median * 1e3:>10.2f} {(q3 - q1) / median:>11.1%}")
