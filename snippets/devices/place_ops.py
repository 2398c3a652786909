"""Pin work to a device with tf.device, and see where the result lives."""

import tensorflow as tf

# --8<-- [start:eager]
with tf.device("/CPU:0"):
    a = tf.random.stateless_uniform((512, 512), seed=(1, 2))
    b = tf.matmul(a, a)

print("matmul ran on:", b.device)
# --8<-- [end:eager]


# --8<-- [start:function]
@tf.function
def scaled_sum(x):
    with tf.device("/CPU:0"):  # a device scope also applies inside tf.function
        return tf.reduce_sum(x * 2.0)


print("scaled sum:", float(scaled_sum(tf.ones((4, 4)))))
# --8<-- [end:function]
