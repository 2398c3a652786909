"""One worker of a MultiWorkerMirroredStrategy job with a custom training step."""

import json
import os

import keras
import numpy as np
import tensorflow as tf

# Without TF_CONFIG this runs as a one-worker job; launch_workers.py sets it.
strategy = tf.distribute.MultiWorkerMirroredStrategy()
task = json.loads(os.environ.get("TF_CONFIG", "{}")).get("task", {"index": 0})

PER_REPLICA_BATCH = 16
GLOBAL_BATCH = PER_REPLICA_BATCH * strategy.num_replicas_in_sync
rng = np.random.default_rng(0)  # same data on every worker; tf.data shards it
x = rng.normal(size=(512, 8)).astype(np.float32)
y = (x @ rng.normal(size=(8, 1))).astype(np.float32)
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(GLOBAL_BATCH)
options = tf.data.Options()
options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
dist_dataset = strategy.experimental_distribute_dataset(dataset.with_options(options))

with strategy.scope():  # variables created here are kept in sync on every worker
    # Seeded so that every run prints the same numbers. The workers agree even
    # without it: the strategy broadcasts worker 0's initial values to the others.
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
    optimizer = keras.optimizers.SGD(0.1)


@tf.function
def train_step(batch):
    def step(features, targets):  # runs once per replica on its slice of the batch
        with tf.GradientTape() as tape:
            per_example = tf.square(model(features, training=True) - targets)[:, 0]
            # Divide by the GLOBAL batch: the all-reduce then sums to the true mean.
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=GLOBAL_BATCH)
        grads = tape.gradient(loss, model.trainable_variables)
        # apply_gradients all-reduces (sums) the gradients across replicas first.
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    per_replica = strategy.run(step, args=batch)
    return strategy.reduce(tf.distribute.ReduceOp.SUM, per_replica, axis=None)


for _ in range(2):  # epochs
    losses = [float(train_step(batch)) for batch in dist_dataset]
checksum = float(np.sum(model.layers[0].kernel.numpy()))
print(
    f"custom loop, worker {task['index']}: replicas={strategy.num_replicas_in_sync} "
    f"loss={np.mean(losses):.4f} weight checksum={checksum:.6f}"
)
