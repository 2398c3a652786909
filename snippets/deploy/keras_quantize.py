"""Keras 3 post-training quantization: model.quantize("int8") on a trained model."""

import warnings

import keras
import numpy as np

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


def report(name):
    logits = model.predict(x_test, verbose=0)
    accuracy = float(np.mean(np.argmax(logits, axis=1) == y_test))
    sizes = {}  # bytes of the stored weights, per dtype
    for w in model.weights:
        sizes[str(w.dtype)] = sizes.get(str(w.dtype), 0) + w.numpy().nbytes
    print(f"{name:>7}: accuracy {accuracy:.3f}, weight bytes {sizes}")
    return logits


before = report("float32")
with warnings.catch_warnings():  # the Input layer has nothing to quantize, and says so
    warnings.simplefilter("ignore", UserWarning)
    model.quantize("int8")  # in place: Dense kernels become int8 plus per-channel scales
after = report("int8")
print("first Dense layer:", model.layers[0].dtype_policy.name, model.layers[0].kernel.dtype)
print(f"largest change of a logit: {np.max(np.abs(after - before)):.4f}")
