"""Ask oneDNN itself what runs: ONEDNN_VERBOSE=1 logs every oneDNN call of a child process."""

import collections
import os
import subprocess
import sys

# The child runs two matmuls, printing a marker before each. ONEDNN_VERBOSE is read by
# oneDNN when it starts, so it is set in the child's environment, not here.
CHILD = """
import tensorflow as tf
from tensorflow.python.util import _pywrap_util_port
print("== oneDNN custom ops on:", _pywrap_util_port.IsMklEnabled(), flush=True)
a = tf.random.stateless_normal((512, 512), seed=(1, 2))
for dtype in (tf.float32, tf.bfloat16):
    x = tf.cast(a, dtype)
    print("== matmul", dtype.name, flush=True)
    tf.matmul(x, x).numpy()
"""

env = dict(os.environ, ONEDNN_VERBOSE="1", TF_CPP_MIN_LOG_LEVEL="2")
out = subprocess.run(
    [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=300, check=True
).stdout


def data_types(descriptors):
    """'src_f32::blocked:ab:f0 wei:f32::...' -> 'f32' (the types of the operands)."""
    kinds = set()
    for descriptor in descriptors.split():
        name = descriptor.split("::")[0].replace(":", "_")  # src_f32 or src:f32
        if "_" in name and not name.endswith("undef"):
            kinds.add(name.split("_", 1)[1])
    return "/".join(sorted(kinds))


isa = runtime = "(oneDNN printed nothing)"
status = ""
calls = {}  # matmul -> Counter of "primitive[:implementation] (operand types)"
section = None
for line in out.splitlines():
    if line.startswith("== oneDNN"):
        status = line[3:]
    elif line.startswith("== "):
        section = line[3:]
        calls[section] = collections.Counter()
    elif line.startswith("onednn_verbose") and ",isa:" in line:
        isa = line.split(",isa:")[1]
    elif line.startswith("onednn_verbose,v1,info,cpu,runtime:"):
        runtime = line.split("runtime:")[1].split(",")[0]  # whose threads run oneDNN
    elif line.startswith("onednn_verbose,v1,primitive,exec,") and section in calls:
        fields = line.split(",")
        primitive, implementation = fields[5], fields[6]
        name = f"{primitive}:{implementation}" if implementation else primitive
        calls[section][f"{name} ({data_types(fields[8])})"] += 1

print(status)
print("oneDNN ISA:", isa, "| CPU runtime:", runtime)
for section, counter in calls.items():
    found = ", ".join(f"{n} x {kind}" for kind, n in counter.items()) or "no oneDNN call"
    print(f"{section}: {found}")
