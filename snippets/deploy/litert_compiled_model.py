"""Run a converted model with LiteRT's CompiledModel API on the CPU."""

import contextlib
import io

import keras
import numpy as np
import tensorflow as tf
from ai_edge_litert.compiled_model import CompiledModel
from ai_edge_litert.hardware_accelerator import HardwareAccelerator

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [keras.Input(shape=(16,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(3)]
)
x = np.random.default_rng(0).normal(size=(1, 16)).astype(np.float32)

converter = tf.lite.TFLiteConverter.from_keras_model(model)
with contextlib.redirect_stdout(io.StringIO()):  # hide the export log
    flatbuffer = converter.convert()

# The accelerator is chosen when the model is compiled. NPU or GPU would be
# HardwareAccelerator.NPU | HardwareAccelerator.CPU, with the CPU as fallback.
compiled = CompiledModel.from_buffer(flatbuffer, hardware_accel=HardwareAccelerator.CPU)
print("signatures:", compiled.get_signature_list())
print("fully accelerated:", compiled.is_fully_accelerated())

inputs = compiled.create_input_buffers(0)  # buffers owned by the runtime
outputs = compiled.create_output_buffers(0)
inputs[0].write(x)
compiled.run_by_index(0, inputs, outputs)
litert = outputs[0].read(3, np.float32)

keras_out = model.predict(x, verbose=0)[0]
print("LiteRT:", np.round(litert, 4))
print("Keras: ", np.round(keras_out, 4))
print(f"largest difference: {np.max(np.abs(litert - keras_out)):.2e}")
