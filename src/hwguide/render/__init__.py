"""What the MkDocs hook puts on pages: captured outputs, benchmark tables, charts.

Pure functions of (page Markdown, captures): no TensorFlow, no network.
"""
