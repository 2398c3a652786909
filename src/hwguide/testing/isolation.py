"""Which code must run in a fresh Python process, and why.

TensorFlow initialises its devices once per process, at the first op. After
that, device configuration raises ``RuntimeError: Physical devices cannot be
modified after being initialized`` (likewise "Visible devices cannot be
modified..." and the thread-pool settings). Other calls change process-wide
state that would leak into every later page in the same test session (a global
dtype policy, placement logging).

A page or snippet that contains any of these calls is run in its own fresh
interpreter by the tests, automatically: nobody has to remember a marker, and a
page is tested the way a reader runs it, from a clean start.
"""

from __future__ import annotations

import re

#: call name -> why it needs a process of its own
ISOLATING_CALLS: dict[str, str] = {
    "set_memory_growth": "device configuration must precede TensorFlow's first op",
    "set_logical_device_configuration": "device configuration must precede the first op",
    "set_virtual_device_configuration": "device configuration must precede the first op",
    "set_visible_devices": "device configuration must precede the first op",
    "set_intra_op_parallelism_threads": "thread pools are fixed at the first op",
    "set_inter_op_parallelism_threads": "thread pools are fixed at the first op",
    "set_global_policy": "a global Keras dtype policy would leak into later pages",
    "set_log_device_placement": "placement logging would flood every later page",
    "set_soft_device_placement": "a process-wide placement setting would leak",
    "enable_tensor_float_32_execution": "a process-wide precision setting would leak",
    "set_jit": "a process-wide XLA setting would leak",
    "run_functions_eagerly": "a process-wide tf.function setting would leak",
    "enable_op_determinism": "a process-wide determinism setting would leak",
}

_CALL = re.compile(r"\b(" + "|".join(map(re.escape, ISOLATING_CALLS)) + r")\s*\(")


def isolating_calls(source: str) -> list[str]:
    """The calls in ``source`` that require a fresh interpreter (sorted, unique)."""
    return sorted(set(_CALL.findall(source)))


def needs_fresh_process(source: str) -> bool:
    return bool(_CALL.search(source))
