"""Keeping TensorFlow's start-up noise out of test output and captures.

TensorFlow logs from C++ before Python's logging exists. ``TF_CPP_MIN_LOG_LEVEL=2``
silences INFO and WARNING from its C++ logger, but a few banners are written
before absl's logger is initialised and ignore that setting. Those lines are
removed by :func:`strip_noise` (only lines that match a known banner: anything
else on stderr is kept, because it may be the reason a snippet failed).

Placement logs from ``tf.debugging.set_log_device_placement`` go to stdout and
are *not* noise: the devices chapter shows them.
"""

from __future__ import annotations

import os
import re

#: Environment for any process that imports TensorFlow on our behalf.
QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2"}

_NOISE = re.compile(
    "|".join(
        [
            r"^WARNING: All log messages before absl::InitializeLog\(\) is called",
            r"^[IW]\d{4} .*\] oneDNN custom operations are on",
            r"^[IW]\d{4} .*cpu_feature_guard\.cc",
            r"^To enable the following instructions: .* rebuild TensorFlow",
            r"^[IWE]\d{4} .*Unable to register cu(DNN|FFT|BLAS) factory",
            r"^[IW]\d{4} .*computation placer already registered",
            r"^[IW]\d{4} .*TF-TRT Warning: Could not find TensorRT",
            r"^[IW]\d{4} .*Attempting to register factory for plugin",
            r"^[IW]\d{4} .*could not open file to read NUMA node",
            r"^[IW]\d{4} .*Created device /job:localhost/replica:0/task:0/device:GPU",
            r"^[IW]\d{4} .*cuda_executor\.cc.*successful NUMA node read",
            r"^[IW]\d{4} .*cuda_dnn\.cc:\d+\] Loaded cuDNN version",
            r"^[IW]\d{4} .*service\.cc:\d+\] (XLA service|  StreamExecutor device)",
            r"^[IW]\d{4} .*device_compiler\.h:\d+\] Compiled cluster using XLA",
            r"^[IW]\d{4} .*gpu_device\.cc:\d+\] Created device",
            r"^[IW]\d{4} .*gpu_timer\.cc",
            r"^[IW]\d{4} .*Your kernel may have been built without NUMA support",
            r"^[IW]\d{4} .*TensorFloat-32 will be used",
            r"^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.",
            r"^[IW]\d{4} .*XLA service 0x[0-9a-f]+ initialized for platform",
            r"^[IW]\d{4} .*StreamExecutor \[\d+\]: Host, Default Version",
        ]
    )
)


def strip_noise(text: str) -> str:
    """Drop TensorFlow's known start-up banners from captured stderr."""
    kept = [line for line in text.splitlines(keepends=True) if not _NOISE.match(line)]
    return "".join(kept)


def quiet_environ(base: dict[str, str] | None = None) -> dict[str, str]:
    """A copy of ``base`` (default: ``os.environ``) with TensorFlow quietened."""
    env = dict(os.environ if base is None else base)
    for key, value in QUIET_ENV.items():
        env.setdefault(key, value)
    return env


def quiet_this_process() -> None:
    """Quieten TensorFlow in this process; call before TensorFlow is imported."""
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)
