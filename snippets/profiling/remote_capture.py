"""Remote capture: start a profiler server, then ask it for a trace over gRPC."""

import os
import socket
import tempfile
import threading

import tensorflow as tf


def free_port():
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


port = free_port()
tf.profiler.experimental.server.start(port)  # in the process to be profiled

x = tf.random.stateless_normal((256, 256), seed=(0, 1))


@tf.function
def work(x):
    return tf.reduce_sum(tf.matmul(x, x))


stop = threading.Event()


def busy():  # the "training job": runs until the capture is over
    while not stop.is_set():
        work(x)


worker = threading.Thread(target=busy)
worker.start()

with tempfile.TemporaryDirectory() as logdir:
    try:
        # The client side: usually another process, or the profiler UI's capture button.
        tf.profiler.experimental.client.trace(f"grpc://localhost:{port}", logdir, duration_ms=500)
    finally:
        stop.set()
        worker.join()
    for root, _dirs, files in os.walk(logdir):
        for name in files:
            rel = os.path.relpath(root, logdir).split(os.sep)
            print("/".join(rel[:2]), "/ <run> /", "<host>" + name[name.index(".") :])
