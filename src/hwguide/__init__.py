"""Tooling for the Deep Learning Hardware site: snippet expansion, doc tests,
captures of outputs and benchmarks, and the MkDocs build hook."""
