"""The ``pygen`` command line. Thin: it parses arguments and calls into pygen's API."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Entry point of the ``pygen`` console script.

    Commands other than the servers (``emulator``, ``serve``, ``worker``) exit with ``os._exit`` once the output is flushed: tearing
    down the interpreter would only free, object by object, the trees a large generation leaves
    behind (0.1-0.3 s), and every file is written and closed by then. The servers exit the
    normal way, so their databases, worker processes and sockets shut down through their own
    handlers.

    No input gives a traceback: pygen's own errors are printed by the commands (status 1 or
    2); an unexpected exception, a bug, is printed as one ``error:`` line (status 3).
    """
    from .app import app

    if sys.argv[1:2] in (["emulator"], ["serve"], ["worker"]):
        app()
        return
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        code = 130
    except Exception as exc:  # a bug: one clear line, never a traceback
        from .errors import report_internal_error

        code = report_internal_error(exc)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _exit_code(value: object) -> int:
    """``SystemExit.code`` as a process status: a message is printed and gives 1."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    print(value, file=sys.stderr)
    return 1
