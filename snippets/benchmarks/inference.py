"""Inference latency at batch 1 and 256 on CPU: Keras float32, LiteRT float32 and LiteRT int8."""

import os

import keras
import numpy as np
import tensorflow as tf
from timing import measure, pick, record, report

try:  # LiteRT replaces tf.lite.Interpreter, which is deprecated
    from ai_edge_litert.interpreter import Interpreter
except ImportError:
    Interpreter = tf.lite.Interpreter

VERSION = 2
LARGE = pick(quick=256, full=256, smoke=8)
# LiteRT runs on one thread unless told otherwise; TensorFlow uses every CPU this
# process may run on. Give LiteRT as many, so the rows compare runtimes, not core counts.
THREADS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10),
    ]
)
rng = np.random.default_rng(0)
calibration = rng.standard_normal((64, 32, 32, 3), dtype=np.float32)


def representative():
    for i in range(len(calibration)):
        yield [calibration[i : i + 1]]


# The same model for LiteRT twice: plain float32, and full-integer int8
# (weights and activations in int8, calibrated on representative inputs, int8
# at the model's boundaries too). Comparing the two isolates the number format.
float_model = tf.lite.TFLiteConverter.from_keras_model(model).convert()
converter = tf.lite.TFLiteConverter.from_keras_model(model)
converter.optimizations = [tf.lite.Optimize.DEFAULT]
converter.representative_dataset = representative
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
converter.inference_input_type = tf.int8
converter.inference_output_type = tf.int8
int8_model = converter.convert()


def litert(content, batch, x):
    """An interpreter for ``content`` with its input set to ``x`` (quantized if int8)."""
    interpreter = Interpreter(model_content=content, num_threads=THREADS)
    inp = interpreter.get_input_details()[0]
    interpreter.resize_tensor_input(inp["index"], [batch, 32, 32, 3])
    interpreter.allocate_tensors()
    scale, zero = inp["quantization"]
    if inp["dtype"] == np.int8:
        x = np.round(x / scale + zero).astype(np.int8)
    interpreter.set_tensor(inp["index"], x)
    out = interpreter.get_output_details()[0]

    def invoke():
        interpreter.invoke()
        return interpreter.get_tensor(out["index"])

    return invoke


results = []
for batch in (1, LARGE):
    x = rng.standard_normal((batch, 32, 32, 3), dtype=np.float32)

    keras_call = tf.function(model.__call__)  # graph mode, as a server would run it
    samples = measure(lambda: keras_call(x), lambda r: r.numpy())
    case = {"device": "CPU", "runtime": "keras float32", "batch": batch}
    results.append(record(case, samples, samples=batch))

    for runtime, content in (("litert float32", float_model), ("litert int8", int8_model)):
        samples = measure(litert(content, batch, x), lambda r: r)
        case = {"device": "CPU", "runtime": runtime, "batch": batch}
        results.append(record(case, samples, samples=batch))

report("inference", VERSION, results)
