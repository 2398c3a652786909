"""Test machinery: Sybil for the docs, fresh interpreters, hardware detection."""
