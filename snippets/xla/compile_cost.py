"""First call compiles; a new input shape retraces and compiles again."""

import time

import tensorflow as tf


@tf.function(jit_compile=True)
def step(x):
    return tf.reduce_sum(tf.nn.softmax(x @ tf.transpose(x)), axis=-1)


def timed_call(x):
    start = time.perf_counter()
    step(x).numpy()  # .numpy() waits for the result
    return (time.perf_counter() - start) * 1e3


a = tf.random.stateless_normal((64, 32), seed=(1, 2))
print(f"first call, shape (64, 32):  {timed_call(a):8.2f} ms  (trace + compile + run)")
print(f"second call, same shape:     {timed_call(a):8.2f} ms  (cached program)")
print("traces so far:", step.experimental_get_tracing_count())

b = tf.random.stateless_normal((65, 32), seed=(3, 4))
print(f"first call, shape (65, 32):  {timed_call(b):8.2f} ms  (new shape: again)")
print("traces so far:", step.experimental_get_tracing_count())
