"""A 3x3 convolution layer, forward and forward+backward."""

import keras
import tensorflow as tf
from timing import measure, pick, record, report

VERSION = 1
DEVICE = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
BATCH, SIZE, CHANNELS = pick(quick=(16, 56, 64), full=(64, 56, 64), smoke=(2, 8, 4))

layer = keras.layers.Conv2D(CHANNELS, 3, padding="same")
images = tf.random.stateless_normal((BATCH, SIZE, SIZE, CHANNELS), seed=(5, 6))
layer(images)  # build the weights

# Multiply-adds per output element: 3*3*CHANNELS; output elements: BATCH*SIZE*SIZE*CHANNELS.
forward_flop = 2 * BATCH * SIZE * SIZE * CHANNELS * 3 * 3 * CHANNELS


@tf.function(jit_compile=False)
def forward():
    return layer(images)


@tf.function(jit_compile=False)
def forward_backward():
    with tf.GradientTape() as tape:
        tape.watch(images)
        loss = tf.reduce_sum(layer(images))
    # Gradients for the input and for the weights: about 2x the forward work.
    d_images, d_kernel, _ = tape.gradient(loss, [images, *layer.trainable_variables])
    # Return something that depends on all three results: TensorFlow prunes any
    # computation whose result is unused, and would then time less than it claims.
    return tf.stack([loss, d_images[0, 0, 0, 0], d_kernel[0, 0, 0, 0]])


results = []
for direction, run, flop in (
    ("forward", forward, forward_flop),
    ("forward+backward", forward_backward, 3 * forward_flop),
):
    samples = measure(run, lambda r: tf.reshape(r, [-1])[0].numpy())
    case = {"device": DEVICE, "pass": direction, "batch": BATCH, "hw": SIZE, "channels": CHANNELS}
    results.append(record(case, samples, flop=flop, samples=BATCH))

report("conv", VERSION, results)
