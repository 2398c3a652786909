"""Read several files at once with interleave (files written to a temp dir)."""

import os
import tempfile

import tensorflow as tf

with tempfile.TemporaryDirectory() as tmp:
    # Write 4 small TFRecord files of 5 records each: "file-record".
    paths = []
    for f in range(4):
        path = os.path.join(tmp, f"part-{f}.tfrecord")
        with tf.io.TFRecordWriter(path) as writer:
            for r in range(5):
                writer.write(f"{f}-{r}".encode())
        paths.append(path)

    files = tf.data.Dataset.from_tensor_slices(paths)
    records = files.interleave(
        tf.data.TFRecordDataset,
        cycle_length=4,  # files open at the same time
        block_length=1,  # records taken from each file before moving on
        num_parallel_calls=tf.data.AUTOTUNE,
        deterministic=True,  # keep the round-robin order (the default)
    )
    print([r.decode() for r in records.take(8).as_numpy_iterator()])
