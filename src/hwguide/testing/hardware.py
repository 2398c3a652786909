"""What TensorFlow really sees, for skip conditions in the docs.

Pages guard hardware-specific blocks with Sybil's skip directive::

    <!-- skip: next if(not HAS_GPU, reason="needs a GPU") -->

``HAS_GPU`` and ``HAS_TPU`` are set in every page's namespace from
``tf.config.list_physical_devices`` (which does not initialise the devices, so
pages run afterwards can still configure them). They ask TensorFlow only when
first used as a truth value (``if``, ``not``, ``and``), so a page without hardware
skips never imports it; compare them with ``if HAS_GPU``, not ``== True``. On a
GPU runner, set ``REQUIRE_GPU=1`` (``REQUIRE_TPU=1`` on a TPU host): a block that would be
skipped for lack of that hardware then fails instead, so a broken CUDA install
cannot pass as "skipped".
"""

from __future__ import annotations

import functools
import os

#: namespace name -> (device type for TensorFlow, environment variable that requires it)
FLAGS = {"HAS_GPU": ("GPU", "REQUIRE_GPU"), "HAS_TPU": ("TPU", "REQUIRE_TPU")}


@functools.cache
def detected() -> dict[str, bool]:
    import tensorflow as tf

    return {name: bool(tf.config.list_physical_devices(kind)) for name, (kind, _) in FLAGS.items()}


class Flag:
    """``HAS_GPU``: true when TensorFlow sees that hardware, asked on first use."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __bool__(self) -> bool:
        return detected()[self.name]

    def __repr__(self) -> str:
        return repr(bool(self))


def flags() -> dict[str, Flag]:
    """The names a page's namespace gets, each answering lazily."""
    return {name: Flag(name) for name in FLAGS}


def required() -> set[str]:
    """Flags whose hardware this run insists on (REQUIRE_GPU=1 etc.)."""
    return {name for name, (_, env) in FLAGS.items() if os.environ.get(env, "") not in ("", "0")}


def required_but_missing(flag_names: set[str]) -> set[str]:
    return {name for name in flag_names & required() if not detected()[name]}
