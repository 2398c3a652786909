"""Look for a Cloud TPU and say clearly when the resolver has none to look for."""

import tensorflow as tf

# Set to True when this runs on a Cloud TPU VM: the chips are attached to this machine,
# and the documented call there is TPUClusterResolver(tpu="local").
ON_TPU_VM = False

try:
    if ON_TPU_VM:
        resolver = tf.distribute.cluster_resolver.TPUClusterResolver(tpu="local")
    else:
        # With no argument the resolver takes the TPU's name from the environment
        # (TPU_NAME, KUBE_GOOGLE_CLOUD_TPU_ENDPOINTS or TPU_CONFIG) and raises
        # ValueError, before any network access, when none of them is set.
        resolver = tf.distribute.cluster_resolver.TPUClusterResolver()
except ValueError as error:
    print("TPUClusterResolver() was given no TPU to look for:", error)
    print('On a Cloud TPU VM, use TPUClusterResolver(tpu="local") instead.')
else:
    # Reached on a TPU VM (ON_TPU_VM = True) or with a TPU name in the environment.
    tf.config.experimental_connect_to_cluster(resolver)
    tf.tpu.experimental.initialize_tpu_system(resolver)
    strategy = tf.distribute.TPUStrategy(resolver)
    print("TPU cores:", strategy.num_replicas_in_sync)
    print(tf.config.list_logical_devices("TPU"))
