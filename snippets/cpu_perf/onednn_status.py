"""Is this TensorFlow using oneDNN? TF_ENABLE_ONEDNN_OPTS is read once, at import."""

import os

import tensorflow as tf
from tensorflow.python.util import _pywrap_util_port  # private: may change

print("TF_ENABLE_ONEDNN_OPTS =", os.environ.get("TF_ENABLE_ONEDNN_OPTS", "(unset)"))
print("oneDNN optimisations on:", _pywrap_util_port.IsMklEnabled())
print("TensorFlow", tf.__version__, "| x86:", _pywrap_util_port.IsX86Available())
