"""Loss scaling in Keras 3: automatic in compile/fit, explicit in a custom loop."""

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)  # same initial weights, so every run prints the same numbers
keras.mixed_precision.set_global_policy("mixed_float16")

# --8<-- [start:compile]
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, dtype="float32")])
model.compile(optimizer="sgd", loss="mse")
print("compile gave:", type(model.optimizer).__name__)
print("inner optimizer:", type(model.optimizer.inner_optimizer).__name__)
print("initial scale:", model.optimizer.initial_scale)
# --8<-- [end:compile]

# --8<-- [start:loop]
model = keras.Sequential(
    [keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(1, dtype="float32")]
)
optimizer = keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(0.01))
x = tf.constant(np.random.default_rng(0).normal(size=(32, 4)), dtype="float32")
y = tf.reduce_sum(x, axis=1, keepdims=True)

for step in range(3):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
        scaled_loss = optimizer.scale_loss(loss)  # loss * current scale
    grads = tape.gradient(scaled_loss, model.trainable_variables)
    # apply_gradients divides by the scale, skips the step if any gradient is
    # inf/NaN (and halves the scale), and updates the float32 variables.
    optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
    print(f"step {step}: loss {float(loss):.4f}")
# --8<-- [end:loop]

keras.mixed_precision.set_global_policy("float32")  # reset for the rest of the process
