"""Export a Keras model as an inference SavedModel, save it as .keras, and reload both."""

import contextlib
import io
import os
import tempfile

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)]
)
sample = np.ones((3, 4), dtype=np.float32)
expected = model.predict(sample, verbose=0)

with tempfile.TemporaryDirectory() as tmp:
    # --8<-- [start:export]
    # 1. Inference artifact: a TensorFlow SavedModel with a serving signature.
    export_dir = os.path.join(tmp, "serving")
    with contextlib.redirect_stdout(io.StringIO()):  # export() prints its signatures
        model.export(export_dir)  # format="tf_saved_model" is the default
    # 2. Training checkpoint: architecture + weights + optimizer state, for Keras only.
    keras_path = os.path.join(tmp, "model.keras")
    model.save(keras_path)
    # --8<-- [end:export]

    # --8<-- [start:reload]
    reloaded = tf.saved_model.load(export_dir)  # no Keras, no Python class needed
    serve = reloaded.signatures["serving_default"]
    print("signature inputs:", serve.structured_input_signature[1])
    outputs = serve(tf.constant(sample))  # a dict: {output_name: tensor}
    (result,) = outputs.values()
    print("SavedModel matches Keras:", np.allclose(result.numpy(), expected, atol=1e-6))

    restored = keras.models.load_model(keras_path)  # back to a trainable Keras model
    print("restored .keras matches:", np.allclose(restored.predict(sample, verbose=0), expected))
    print("SavedModel files:", sorted(os.listdir(export_dir)))
    # --8<-- [end:reload]
