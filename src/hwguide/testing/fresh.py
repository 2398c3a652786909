"""A fresh Python interpreter that runs a page's code blocks in order.

Used for pages that configure TensorFlow devices (see :mod:`.isolation`). The
parent pytest process keeps one :class:`FreshInterpreter` per such page; each
code block is still its own test item, evaluated in the child's namespace, so
results, skips and failures are reported per block as for any other page.
"""

from __future__ import annotations

import contextlib
import doctest
import multiprocessing
import os
import sys
import traceback
from multiprocessing.connection import Connection
from typing import Any

#: Imported by the fork server before it forks any fresh interpreter. The
#: environment variable HWGUIDE_FRESH_PRELOAD=0 turns it off (the time-limit tests
#: run pages whose fresh interpreters need no TensorFlow).
PRELOAD = [] if os.environ.get("HWGUIDE_FRESH_PRELOAD") == "0" else ["hwguide.testing._preload"]


class FreshInterpreter:
    """A child process with one persistent namespace, forked from a fork server.

    Never forked from the test process itself: that one has run TensorFlow ops, and
    forking a process whose thread pools are running is unsafe. Multiprocessing's
    fork server is a separate, single-purpose process that has only *imported*
    TensorFlow (:mod:`._preload`), which starts no runtime, no device and no thread
    pool; each child forked from it starts where a fresh ``python`` would be after
    ``import tensorflow``, without paying that import (seconds of CPU) again."""

    def __init__(self, name: str) -> None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)  # read when the server starts
        else:  # Windows: a spawned interpreter, which imports TensorFlow itself
            context = multiprocessing.get_context("spawn")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child_end,), name=f"fresh:{name}", daemon=True
        )
        self._process.start()
        child_end.close()

    def _call(self, *message: Any, limit: float | None) -> str | None:
        if not self._process.is_alive():
            raise RuntimeError(
                f"the fresh interpreter is gone (exit code {self._process.exitcode}): "
                "an earlier block of this page crashed it or was stopped"
            )
        try:
            self._conn.send(message)
            if not self._conn.poll(limit):
                raise TimeoutError(f"no answer from the fresh interpreter within {limit:g} s")
            return self._conn.recv()
        except EOFError:
            code = self._process.exitcode
            raise RuntimeError(
                f"the fresh interpreter died while running this block (exit code {code})"
            ) from None
        except BaseException:
            # Over the limit, or interrupted while waiting (pytest-timeout's alarm
            # raises here, as does Ctrl-C): the child would go on running the block
            # after its test has failed, and keep a CPU busy or the run from ending.
            self.kill()
            raise

    def exec(self, source: str, filename: str, limit: float | None = None) -> str | None:
        """Run ``source``; return a formatted traceback if it raised, else None.

        Raises TimeoutError (and kills the child) if it runs over ``limit`` seconds."""
        return self._call("exec", source, filename, limit=limit)

    def doctest(
        self, example: doctest.Example, name: str, optionflags: int, limit: float | None = None
    ) -> str:
        """Run one doctest example; return the failure report ('' if it passed)."""
        return self._call("doctest", example, name, optionflags, limit=limit) or ""

    def kill(self) -> None:
        self._process.kill()
        self._process.join()

    def close(self) -> None:
        if self._process.is_alive():
            with contextlib.suppress(BrokenPipeError, OSError):
                self._conn.send(("stop",))
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.kill()
        self._conn.close()


@contextlib.contextmanager
def script_dir_on_path(filename: str):
    """While running an included snippet, put its folder first on sys.path, as
    ``python snippets/topic/name.py`` does (so it can import its neighbours)."""
    folder = os.path.dirname(filename)
    if not filename.endswith(".py") or not folder:
        yield
        return
    sys.path.insert(0, folder)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(folder)


def _serve(conn: Connection) -> None:  # runs in the child
    from ..tfenv import quiet_this_process

    quiet_this_process()
    namespace: dict[str, Any] = {"__name__": "__main__"}
    while True:
        message = conn.recv()
        kind = message[0]
        if kind == "stop":
            return
        if kind == "exec":
            _, source, filename = message
            conn.send(_exec(source, filename, namespace))
        elif kind == "doctest":
            _, example, name, optionflags = message
            conn.send(_doctest(example, name, optionflags, namespace))


def _exec(source: str, filename: str, namespace: dict[str, Any]) -> str | None:
    try:
        with script_dir_on_path(filename):
            exec(compile(source, filename, "exec", dont_inherit=True), namespace)
    except BaseException as error:  # report everything, SystemExit included
        # Drop this frame so the report starts in the reader's code.
        tb = error.__traceback__.tb_next if error.__traceback__ else None
        return "".join(traceback.format_exception(type(error), error, tb))
    return None


def _doctest(
    example: doctest.Example, name: str, optionflags: int, namespace: dict[str, Any]
) -> str:
    from sybil.evaluators.doctest import DocTest, DocTestRunner

    output: list[str] = []
    runner = DocTestRunner(optionflags)
    runner.run(
        DocTest(
            [example], namespace, name=name, filename=None, lineno=example.lineno, docstring=None
        ),
        clear_globs=False,
        out=output.append,
    )
    return "".join(output)
