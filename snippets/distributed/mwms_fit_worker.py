"""One worker of a MultiWorkerMirroredStrategy job that trains with plain model.fit."""

import json
import os

import keras
import numpy as np
import tensorflow as tf


class KerasMultiWorkerStrategy(tf.distribute.MultiWorkerMirroredStrategy):
    """MultiWorkerMirroredStrategy that accepts the two calls Keras 3's fit makes.

    Keras 3 (checked with 3.15) (1) reduces a whole (x, y) batch in one
    strategy.reduce call, and (2) reduces scalar losses and metrics with axis=0.
    See keras-team/keras#20585 and tensorflow/tensorflow#72388; delete this class
    once plain MultiWorkerMirroredStrategy trains with fit across two workers.
    """

    def reduce(self, reduce_op, value, axis=None):
        if isinstance(value, (tuple, list, dict)):  # (1): reduce each tensor on its own
            return tf.nest.map_structure(lambda v: self.reduce(reduce_op, v, axis), value)
        if axis is not None and self.experimental_local_results(value)[0].shape.rank == 0:
            axis = None  # (2): a scalar has no batch axis; reduce across replicas only
        return super().reduce(reduce_op, value, axis)


# Without TF_CONFIG this runs as a one-worker job; launch_workers.py sets it.
strategy = KerasMultiWorkerStrategy()
task = json.loads(os.environ.get("TF_CONFIG", "{}")).get("task", {"index": 0})

PER_REPLICA_BATCH = 16
GLOBAL_BATCH = PER_REPLICA_BATCH * strategy.num_replicas_in_sync
rng = np.random.default_rng(0)  # same data on every worker; tf.data shards it
x = rng.normal(size=(512, 8)).astype(np.float32)
y = (x @ rng.normal(size=(8, 1))).astype(np.float32)
options = tf.data.Options()
options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(GLOBAL_BATCH).with_options(options)

with strategy.scope():  # variables created here are kept in sync on every worker
    # Seeded so that every run prints the same numbers. The workers agree even
    # without it: the strategy broadcasts worker 0's initial values to the others.
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")

history = model.fit(dataset, epochs=2, verbose=0)  # fit splits, all-reduces, applies
checksum = float(np.sum(model.layers[0].kernel.numpy()))
print(
    f"fit, worker {task['index']}: replicas={strategy.num_replicas_in_sync} "
    f"loss={history.history['loss'][-1]:.4f} weight checksum={checksum:.6f}"
)
