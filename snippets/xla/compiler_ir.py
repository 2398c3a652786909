"""Look at what XLA made of a function: HLO before and after optimisation."""

import re

import tensorflow as tf


@tf.function(jit_compile=True)
def chain(x):
    return tf.nn.relu(x * 2.0 + 1.0) * tf.sigmoid(x)


x = tf.ones((4, 8))
ir = chain.experimental_get_compiler_ir(x)
before = ir(stage="hlo")  # what TensorFlow handed to XLA
after = ir(stage="optimized_hlo")  # after XLA's passes, fusion included


def entry_ops(hlo_text):
    """Operation names in the ENTRY computation, skipping parameters and constants."""
    entry = hlo_text[hlo_text.index("ENTRY") :]
    entry = entry[: entry.index("\n}")]
    found = re.findall(r"=\s*\S+\s+([a-z][\w-]*)\(", entry)
    return [op for op in found if op not in ("parameter", "constant")]


print("first lines of the HLO module, metadata removed:")
for line in before.splitlines()[:6]:
    print("   ", re.sub(r", metadata=\{.*?\}", "", line)[:100])
print("ENTRY ops before optimisation:", entry_ops(before))
print("ENTRY ops after optimisation: ", entry_ops(after))
