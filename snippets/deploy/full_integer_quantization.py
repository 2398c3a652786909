"""Convert a small Keras model to a fully int8 LiteRT (TFLite) model and compare it."""

import contextlib
import io

import keras
import numpy as np
import tensorflow as tf

try:  # LiteRT: the successor of tf.lite.Interpreter (pip install ai-edge-litert)
    from ai_edge_litert.interpreter import Interpreter
except ImportError:  # deprecated copy inside TensorFlow, still present in 2.21
    Interpreter = tf.lite.Interpreter

# --8<-- [start:data]
rng = np.random.default_rng(0)
keras.utils.set_random_seed(0)

# Synthetic 3-class problem: 16 features, class decided by a fixed random projection.
features = rng.normal(size=(1200, 16)).astype(np.float32)
labels = np.argmax(features @ rng.normal(size=(16, 3)), axis=1)
x_train, y_train = features[:1000], labels[:1000]
x_test, y_test = features[1000:], labels[1000:]

model = keras.Sequential(
    [
        keras.Input(shape=(16,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(3),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(0.01),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
)
model.fit(x_train, y_train, epochs=5, batch_size=64, verbose=0)
# --8<-- [end:data]

# --8<-- [start:convert]
converter = tf.lite.TFLiteConverter.from_keras_model(model)
with contextlib.redirect_stdout(io.StringIO()):  # hide the export log
    float_model = converter.convert()  # float32 baseline


def representative_dataset():
    # A few hundred real inputs let the converter measure each tensor's range.
    for i in range(0, 200, 2):
        yield [x_train[i : i + 1]]


converter.optimizations = [tf.lite.Optimize.DEFAULT]
converter.representative_dataset = representative_dataset
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
converter.inference_input_type = tf.int8
converter.inference_output_type = tf.int8
with contextlib.redirect_stdout(io.StringIO()):
    int8_model = converter.convert()  # weights AND activations in int8
# --8<-- [end:convert]


# --8<-- [start:evaluate]
def accuracy(model_bytes, x, y):
    interpreter = Interpreter(model_content=model_bytes)
    interpreter.allocate_tensors()
    inp = interpreter.get_input_details()[0]
    out = interpreter.get_output_details()[0]
    correct = 0
    for sample, label in zip(x, y, strict=True):
        batch = sample[None, :]
        if inp["dtype"] == np.int8:  # quantize: q = x / scale + zero_point
            scale, zero_point = inp["quantization"]
            batch = np.clip(np.round(batch / scale + zero_point), -128, 127)
        interpreter.set_tensor(inp["index"], batch.astype(inp["dtype"]))
        interpreter.invoke()
        # argmax is unchanged by the output's affine dequantization (scale > 0)
        correct += int(np.argmax(interpreter.get_tensor(out["index"])[0]) == label)
    return correct / len(y), inp["dtype"].__name__


for name, blob in [("float32", float_model), ("int8", int8_model)]:
    acc, in_dtype = accuracy(blob, x_test, y_test)
    print(
        f"{name:8s} input={in_dtype:8s} accuracy={acc:.3f} "
        f"size={len(blob)} bytes ({len(blob) / 1024:.1f} KiB)"
    )
# --8<-- [end:evaluate]
