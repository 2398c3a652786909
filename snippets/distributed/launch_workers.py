"""Launch two MultiWorkerMirroredStrategy workers as real processes on localhost."""

import importlib.util
import json
import os
import socket
import subprocess
import sys

WORKER_SCRIPT = importlib.util.find_spec("mwms_worker").origin  # mwms_worker.py, next to us
NUM_WORKERS = 2
TIMEOUT_S = 90


def free_ports(n):
    """Ask the OS for n unused TCP ports on localhost."""
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("localhost", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


cluster = {"worker": [f"localhost:{port}" for port in free_ports(NUM_WORKERS)]}
procs = []
try:
    for index in range(NUM_WORKERS):
        tf_config = {"cluster": cluster, "task": {"type": "worker", "index": index}}
        env = dict(
            os.environ,
            TF_CONFIG=json.dumps(tf_config),
            TF_CPP_MIN_LOG_LEVEL="2",
            # Two workers may share one local GPU: let neither grab all its memory.
            TF_FORCE_GPU_ALLOW_GROWTH="true",
        )
        procs.append(
            subprocess.Popen(
                [sys.executable, WORKER_SCRIPT],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    print("TF_CONFIG of worker 1:", json.dumps(tf_config))
    for index, proc in enumerate(procs):
        out, err = proc.communicate(timeout=TIMEOUT_S)
        if proc.returncode != 0:
            raise RuntimeError(f"worker {index} failed ({proc.returncode}):\n{err[-2000:]}")
        print(out.strip())
finally:
    for proc in procs:  # never leave a worker behind, even after an error or timeout
        if proc.poll() is None:
            proc.kill()
            proc.wait()
