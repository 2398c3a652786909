"""Look for a Cloud TPU and say clearly when there is none."""

import tensorflow as tf

try:
    # With no argument the resolver reads the TPU_NAME environment variable
    # or, on a Cloud TPU VM, asks the VM's metadata; elsewhere it gives up at once.
    resolver = tf.distribute.cluster_resolver.TPUClusterResolver()
except ValueError as error:
    print("No TPU found:", error)
else:
    # Reached only on a TPU VM (or with TPU_NAME set): connect and initialise.
    tf.config.experimental_connect_to_cluster(resolver)
    tf.tpu.experimental.initialize_tpu_system(resolver)
    strategy = tf.distribute.TPUStrategy(resolver)
    print("TPU cores:", strategy.num_replicas_in_sync)
    print(tf.config.list_logical_devices("TPU"))
