"""Which oneDNN kernels a benchmark ran, from oneDNN's own log (``ONEDNN_VERBOSE=1``).

oneDNN prints one CSV line per primitive it executes, for example::

    onednn_verbose,v1,primitive,exec,cpu,matmul,brg_matmul:avx512_core_amx,undef,src_bf16:...

The implementation name says the ISA it runs on (``avx512_core_amx`` is AMX,
``gemm_api`` the sgemm entry that TensorFlow's Eigen contractions call). The
capture command runs each benchmark once more at smoke size with the log on
(logging every call would slow the timed run) and keeps the distinct kernels.
"""

from __future__ import annotations

import re

VERBOSE_ENV = {"ONEDNN_VERBOSE": "1"}
_DTYPE = re.compile(r"\b(?:src|wei|dst|diff_src|diff_wei|diff_dst)_([a-z0-9]+):")


def is_log_line(line: str) -> bool:
    return line.startswith("onednn_verbose,")


def kernels(output: str) -> list[str]:
    """Distinct "primitive implementation (dtypes)" entries, after the version and ISA."""
    info: list[str] = []
    seen: set[str] = set()
    for line in output.splitlines():
        if not is_log_line(line):
            continue
        fields = line.split(",")
        if fields[1:2] == ["v1"]:  # oneDNN 3.x marks its format version
            fields = fields[:1] + fields[2:]
        if fields[1] == "info" and len(fields) > 2:
            text = ",".join(fields[2:])
            if text.startswith("oneDNN v") or "isa:" in text:
                entry = text.replace("cpu,isa:", "ISA: ").split(" (commit")[0]
                if entry not in info:
                    info.append(entry)
        elif fields[1] == "primitive" and len(fields) > 7 and fields[2] in ("exec", "create"):
            name = " ".join(f for f in fields[4:6] if f)  # kind, then implementation if any
            dtypes = sorted(set(_DTYPE.findall(fields[7])))
            seen.add(f"{name} ({', '.join(dtypes) or 'no data types'})")
    return info + sorted(seen)


def without_log(text: str) -> str:
    """``text`` without oneDNN's log lines (they go to stdout)."""
    return "".join(line for line in text.splitlines(keepends=True) if not is_log_line(line))
