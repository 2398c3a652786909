"""The cost of launching one tiny op: eager, inside tf.function, and compiled with XLA."""

import tensorflow as tf
from timing import measure, pick, record, report

VERSION = 1
DEVICE = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
x = tf.constant(1.0)
results = []

# One scalar add: the arithmetic is nothing, so the time is all overhead
# (Python, the eager runtime, kernel launch, and on a GPU the launch latency).
eager_add = lambda: tf.add(x, 1.0)  # noqa: E731
graph_add = tf.function(lambda: tf.add(x, 1.0))
xla_add = tf.function(lambda: tf.add(x, 1.0), jit_compile=True)


# 100 tiny ops in one tf.function: overhead per op once Python is out of the loop.
@tf.function
def chain():
    y = x
    for _ in range(100):
        y = y + 1.0
    return y


for mode, run, ops in (
    ("eager", eager_add, 1),
    ("tf.function", graph_add, 1),
    ("xla", xla_add, 1),
    ("tf.function, 100 ops", chain, 100),
):
    samples = measure(run, lambda r: r.numpy(), repeats=pick(9, 15, 2))
    results.append(record({"device": DEVICE, "mode": mode, "ops": ops}, samples, ops=ops))

report("dispatch", VERSION, results)
