"""Write a pipeline's output to disk once and read it back: Dataset.save/load and snapshot."""

import os
import tempfile

import tensorflow as tf

calls = tf.Variable(0)  # counts how often the "expensive" step really runs


def expensive(x):
    calls.assign_add(1)
    return x * x


ds = tf.data.Dataset.range(6).map(expensive)

with tempfile.TemporaryDirectory() as tmp:
    # save runs the pipeline once and writes its elements; load reads them back later,
    # in this process or another one, without the code that produced them.
    ds.save(os.path.join(tmp, "saved"))
    print("save ran the map", int(calls.numpy()), "times")
    loaded = tf.data.Dataset.load(os.path.join(tmp, "saved"))
    print("load:", [int(v) for v in loaded.as_numpy_iterator()], loaded.element_spec)

    # snapshot writes on the first pass and reads the files on later passes.
    calls.assign(0)
    snap = ds.snapshot(os.path.join(tmp, "snap"))
    for epoch in range(3):
        values = [int(v) for v in snap.as_numpy_iterator()]
        print(f"epoch {epoch}: {values}, map calls so far: {int(calls.numpy())}")
