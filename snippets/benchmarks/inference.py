"""Inference latency at batch 1 and batch 256: Keras float32 vs full-integer int8 TFLite on CPU."""

import keras
import numpy as np
import tensorflow as tf
from timing import measure, pick, record, report

VERSION = 1
LARGE = pick(quick=256, full=256, smoke=8)

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


# Full-integer quantization: weights and activations in int8, calibrated on
# representative inputs, int8 at the model's boundaries too.
converter = tf.lite.TFLiteConverter.from_keras_model(model)
converter.optimizations = [tf.lite.Optimize.DEFAULT]
converter.representative_dataset = representative
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
converter.inference_input_type = tf.int8
converter.inference_output_type = tf.int8
int8_model = converter.convert()

results = []
for batch in (1, LARGE):
    x = rng.standard_normal((batch, 32, 32, 3), dtype=np.float32)

    keras_call = tf.function(model.__call__)  # graph mode, as a server would run it
    samples = measure(lambda: keras_call(x), lambda r: r.numpy())
    case = {"device": "CPU", "runtime": "keras float32", "batch": batch}
    results.append(record(case, samples, samples=batch))

    interpreter = tf.lite.Interpreter(model_content=int8_model)
    inp = interpreter.get_input_details()[0]
    interpreter.resize_tensor_input(inp["index"], [batch, 32, 32, 3])
    interpreter.allocate_tensors()
    out = interpreter.get_output_details()[0]
    scale, zero = inp["quantization"]
    interpreter.set_tensor(inp["index"], np.round(x / scale + zero).astype(np.int8))

    def invoke():
        interpreter.invoke()
        return interpreter.get_tensor(out["index"])

    samples = measure(invoke, lambda r: r)
    case = {"device": "CPU", "runtime": "tflite int8", "batch": batch}
    results.append(record(case, samples, samples=batch))

report("inference", VERSION, results)
