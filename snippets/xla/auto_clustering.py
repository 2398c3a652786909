"""Auto-clustering: let TensorFlow pick XLA clusters inside ordinary tf.functions."""

import tensorflow as tf

# Process-wide switch (the session's global JIT level). On GPUs it clusters graph code;
# CPU code is clustered only with TF_XLA_FLAGS=--tf_xla_cpu_global_jit in the environment.
tf.config.optimizer.set_jit("autoclustering")
print("auto-clustering setting:", tf.config.optimizer.get_jit())


@tf.function  # no jit_compile argument: the clustering pass decides
def chain(x):
    return tf.nn.relu(x * 2.0 + 1.0) * tf.sigmoid(x)


print("result:", chain(tf.ones((2, 3))).numpy()[0])
