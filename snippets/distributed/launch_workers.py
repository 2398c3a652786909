"""Launch MultiWorkerMirroredStrategy jobs of two worker processes each on localhost."""

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time

# The two worker programs, next to this file: model.fit first, then the custom loop.
WORKERS = ("mwms_fit_worker", "mwms_worker")
WORKER_SCRIPTS = [importlib.util.find_spec(name).origin for name in WORKERS]
NUM_WORKERS = 2
TIMEOUT_S = 90  # per job: a worker whose peer never comes waits for it forever


def free_ports(n):
    """Ask the OS for n unused TCP ports on localhost."""
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("localhost", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def run_job(script):
    """Start NUM_WORKERS copies of script, each with its own TF_CONFIG; return their output."""
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
                    [sys.executable, script],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        deadline = time.monotonic() + TIMEOUT_S
        lines = []
        for index, proc in enumerate(procs):
            out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
            if proc.returncode != 0:
                raise RuntimeError(f"worker {index} failed ({proc.returncode}):\n{err[-2000:]}")
            lines.append(out.strip())
        return tf_config, lines
    finally:
        for proc in procs:  # never leave a worker behind, even after an error or timeout
            if proc.poll() is None:
                proc.kill()
                proc.wait()


for number, script in enumerate(WORKER_SCRIPTS):
    tf_config, lines = run_job(script)
    if number == 0:
        print("TF_CONFIG of worker 1:", json.dumps(tf_config))
    print("\n".join(lines))
