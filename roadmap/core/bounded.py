"""Run one function in a child process, within a time limit and (optionally) a memory limit.

Python cannot interrupt a thread that is busy in pure Python code (Python-Markdown) or in a C
library (WeasyPrint's layout), and a signal only reaches the main thread. A child process can
always be killed: the worker that asked keeps serving, whatever the text or the CSS does.

Children are forked from a forkserver: a small clean process started once, that has already
imported the Markdown renderer, so a child starts in milliseconds and never inherits the threads,
the sockets or the database connections of the web worker.
"""
import multiprocessing
import resource

# Imported once by the forkserver (one per worker process), so that a Markdown child starts at once.
# WeasyPrint is left out on purpose: it would add its memory to every worker's forkserver, and an
# export child imports it in about a second, little next to the layout itself.
_PRELOAD = ["roadmap.core.markdown_bounds"]
_context = None
# How long a child may take to start (the forkserver's first start and its imports, on a busy
# machine) before the time limit of the work itself begins: a start is not the work's fault.
START_TIMEOUT = 60.0


class Refused(Exception):
    """The work did not finish within its limits. `reason` is one of TIME, MEMORY, RECURSION, ERROR."""

    TIME, MEMORY, RECURSION, ERROR = "time", "memory", "recursion", "error"

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail = reason, detail


def _get_context():
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        _context = context
    return _context


def preload(module_name):
    """Ask the forkserver to import a module before its first child (only before it starts)."""
    if module_name not in _PRELOAD:
        _PRELOAD.append(module_name)


def _child(conn, memory_bytes, func, args, reports):
    conn.send(("started", None))  # the parent's time limit starts now, not when it asked for a child
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        if reports:  # func(*args, report): report(value) reaches the parent's on_report(value)
            args = (*args, lambda value: conn.send(("report", value)))
        outcome = ("ok", func(*args))
    except MemoryError:
        outcome = (Refused.MEMORY, "")
    except RecursionError as error:
        outcome = (Refused.RECURSION, str(error)[:200])
    except BaseException as error:  # noqa: BLE001 — whatever failed, the parent says why
        outcome = (Refused.ERROR, f"{type(error).__name__}: {error}"[:500])
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send((Refused.MEMORY, ""))
    conn.close()


def run_bounded(func, args=(), timeout=5.0, memory_mb=None, on_report=None):
    """func(*args) in a child; its result, or Refused. func, args and the result must be picklable.

    With on_report, func gets one more argument, report(value), and on_report(value) is called
    here (in the parent) for each value, while the time limit keeps running.
    """
    import time

    context = _get_context()
    receiver, sender = context.Pipe(duplex=False)
    memory_bytes = int(memory_mb * 1024 * 1024) if memory_mb else None
    process = context.Process(target=_child, args=(sender, memory_bytes, func, tuple(args), on_report is not None),
                              daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(START_TIMEOUT):
            raise Refused(Refused.ERROR, f"the child did not start within {START_TIMEOUT:g} s")
        try:
            receiver.recv()  # ("started", None)
        except (EOFError, OSError):
            raise Refused(Refused.ERROR, "the child process died before starting") from None
        deadline = time.monotonic() + timeout
        while True:
            if not receiver.poll(max(0.0, deadline - time.monotonic())):
                raise Refused(Refused.TIME, f"{timeout:g} s")
            try:
                status, value = receiver.recv()
            except (EOFError, OSError):
                # Killed without a word: the kernel's answer to an address space over its limit.
                raise Refused(Refused.MEMORY if memory_bytes else Refused.ERROR, "the child process died") from None
            if status != "report":
                break
            on_report(value)
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if status != "ok":
        raise Refused(status, value)
    return value
