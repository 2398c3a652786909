"""Trade compute for memory: recompute a block's activations during the backward pass."""

import tensorflow as tf

dense1 = tf.keras.layers.Dense(256, activation="relu")
dense2 = tf.keras.layers.Dense(256, activation="relu")
x = tf.random.stateless_normal((64, 128), seed=(0, 1))
dense2(dense1(x))  # build the layers, creating their weights


def block(inputs):
    return dense2(dense1(inputs))


# Same function, but its intermediate activations are not kept for the backward
# pass: they are recomputed from `inputs` when gradients are needed.
checkpointed = tf.recompute_grad(block)
weights = dense1.trainable_variables + dense2.trainable_variables

for name, fn in [("plain", block), ("recompute_grad", checkpointed)]:
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(fn(x) ** 2)
    grads = tape.gradient(loss, weights)
    print(f"{name:>14}: loss {loss.numpy():.4f}, grad norm {tf.linalg.global_norm(grads):.4f}")
