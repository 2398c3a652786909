"""Synchronous data parallelism with MirroredStrategy on two logical CPU devices."""

import keras
import numpy as np
import tensorflow as tf

# Split the one physical CPU into two logical devices, before the first op.
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(
    cpu,
    [tf.config.LogicalDeviceConfiguration(), tf.config.LogicalDeviceConfiguration()],
)

strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
print("replicas in sync:", strategy.num_replicas_in_sync)

PER_REPLICA_BATCH = 32
GLOBAL_BATCH = PER_REPLICA_BATCH * strategy.num_replicas_in_sync  # 64

rng = np.random.default_rng(0)
x = rng.normal(size=(1024, 8)).astype(np.float32)
y = (x @ rng.normal(size=(8, 1))).astype(np.float32)
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(GLOBAL_BATCH)

with strategy.scope():  # variables created here are mirrored on every replica
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")

history = model.fit(dataset, epochs=3, verbose=0)
print("loss per epoch:", [round(v, 4) for v in history.history["loss"]])
print("kernel is a", type(model.layers[0].kernel.value).__name__)
