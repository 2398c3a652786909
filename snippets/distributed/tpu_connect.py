"""Connect to a TPU if there is one, and say so plainly (and quickly) if there is not."""

import tensorflow as tf

try:
    # tpu="local" looks for a TPU attached to this VM (Cloud TPU VM or Colab TPU
    # runtime): no network lookup, so it fails fast where there is none.
    resolver = tf.distribute.cluster_resolver.TPUClusterResolver(tpu="local")
    tf.config.experimental_connect_to_cluster(resolver)
    tf.tpu.experimental.initialize_tpu_system(resolver)
except (ValueError, RuntimeError, tf.errors.OpError) as error:
    print(f"No TPU here ({type(error).__name__}); falling back to the default strategy.")
    strategy = tf.distribute.get_strategy()  # one replica on CPU or GPU
else:
    strategy = tf.distribute.TPUStrategy(resolver)
    print("TPU cores:", len(tf.config.list_logical_devices("TPU")))
print(type(strategy).__name__, "replicas in sync:", strategy.num_replicas_in_sync)
