"""The usual tf.data chain: parallel map, cache, shuffle, batch, prefetch."""

import tensorflow as tf

AUTOTUNE = tf.data.AUTOTUNE


def decode(i):
    # Stands in for parsing and decoding one record: deterministic, per example.
    x = tf.random.stateless_normal((8,), seed=tf.stack([i, 0]))
    y = tf.cast(i % 2, tf.float32)
    return x, y


def augment(x, y):
    # Random per epoch, so it must come after cache().
    return x + tf.random.normal(tf.shape(x), stddev=0.01), y


ds = (
    tf.data.Dataset.range(1000)
    .map(decode, num_parallel_calls=AUTOTUNE)  # run decode on several threads
    .cache()  # keep decoded examples in memory after the first epoch
    .shuffle(1000, seed=0)
    .map(augment, num_parallel_calls=AUTOTUNE)
    .batch(32, drop_remainder=True)
    .prefetch(AUTOTUNE)  # prepare the next batches while the model trains
)

options = tf.data.Options()
options.deterministic = False  # allow out-of-order results when that is faster
ds = ds.with_options(options)

print("element spec:", ds.element_spec)
print("batches per epoch:", ds.cardinality().numpy())
for x, y in ds.take(1):
    print("first batch:", x.shape, y.shape)
