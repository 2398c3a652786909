"""Captures: real outputs and benchmark results, recorded per machine.

``python -m hwguide capture --runner NAME`` runs every snippet in a fresh
process (benchmarks included) and writes ``captures/NAME.json``, validated by
:mod:`.schema`, with the machine's provenance (:mod:`.provenance`). The site
build reads these files; it never runs TensorFlow.
"""
