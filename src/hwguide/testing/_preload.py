"""Imported once by the fork server that fresh interpreters are forked from (see
:mod:`.fresh`): importing TensorFlow costs seconds of CPU, and a page that needs a
fresh interpreter needs a TensorFlow whose runtime has not started, not a fresh
import. Importing TensorFlow starts no thread and no device; the first op does."""

from ..tfenv import quiet_this_process

quiet_this_process()

import keras  # noqa: E402,F401
import tensorflow  # noqa: E402,F401
