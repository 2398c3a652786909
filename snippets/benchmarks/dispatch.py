"""The cost of launching one tiny op: eager, inside tf.function, and compiled with XLA."""

import tensorflow as tf
from timing import measure, pick, record, report

VERSION = 2
DEVICE = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
# The inputs are passed to every function as arguments. A tf.function that used
# them from the enclosing scope would capture these small tensors as constants,
# and Grappler (TensorFlow's graph optimizer) could then compute results ahead
# of time instead of at each call.
x = tf.constant(1.0)
y = tf.constant(2.0)


# One scalar op: the arithmetic is nothing, so the time is all overhead
# (Python, the eager runtime, kernel launch, and on a GPU the launch latency).
def one_op(x, y):
    return x - y


graph_op = tf.function(one_op)
xla_op = tf.function(one_op, jit_compile=True)


# 100 tiny ops in one tf.function. A call costs what a single-op tf.function call
# costs plus 99 more kernels: the difference between those two rows, divided by 99,
# is what one more op costs once Python is out of the loop.
# Each step needs the previous one, and subtracts an input: Grappler shortens the
# chains it can see through. It merges y + 1.0 + 1.0 + ... (or - 1.0 - 1.0 ...)
# into one op, and turns y + x + x + ... into a single AddN kernel. The profiler
# confirms that 100 kernels run per call (tests/test_benchmarks.py checks every
# case this way).
@tf.function
def chain(x, y):
    for _ in range(100):
        y = y - x
    return y


results = []
for mode, run, ops in (
    ("eager", lambda: one_op(x, y), 1),
    ("tf.function", lambda: graph_op(x, y), 1),
    ("xla", lambda: xla_op(x, y), 1),
    ("tf.function, 100 ops", lambda: chain(x, y), 100),
):
    samples = measure(run, lambda r: r.numpy(), repeats=pick(9, 15, 2))
    results.append(record({"device": DEVICE, "mode": mode, "ops": ops}, samples, ops=ops))

report("dispatch", VERSION, results)
