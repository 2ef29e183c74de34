"""Run a parser in a child process, so that a crash, a memory blow-up or a hang is a LoadError.

python-calamine aborts the whole process (SIGABRT, no exception) when a file makes it allocate
too much, and openpyxl can run for minutes on a crafted sheet. A notebook kernel, a dashboard
or a batch run must survive both, so workbook parsing runs in a child process with an address
space cap (``RLIMIT_AS``) and a timeout.

Why ``forkserver``: ``fork`` from a process that has started threads (numpy's BLAS pool,
Jupyter's, a dashboard's) can deadlock the child; ``spawn`` starts a fresh interpreter and
re-imports everything on every call (about 0.3 s). The forkserver is a clean, single-threaded
process started once, with the readers imported up front -- lean: no pandas, no loader, so it
starts in a third of a second at about 35 MiB -- and each read forks from it in a few
milliseconds. ``benchmarks/bench_isolation.py`` measures the cost on a normal tracker.

Isolation is on by default for every format: binary workbooks (xlsx, xlsm, xlsb, xls, ods),
SpreadsheetML and CSV/TSV text alike, so that one memory cap (``Limits.memory_bytes``, 256 MiB
above what the child starts with) and one timeout bound every reader. Turn isolation off for
trusted batch runs with the environment variable ``JSA_ISOLATE=0`` or ``isolate=False``; the
pre-flight checks (:mod:`jobsearch_analytics.io.preflight`) and the readers' own bounds on
rows, columns, sheets and merges still apply.

Examples
--------
>>> run_isolated(divmod, (7, 2), file="t.xlsx")
(3, 1)
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import multiprocessing.spawn as mp_spawn
import os
import resource
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from jobsearch_analytics.io.preflight import Limits
from jobsearch_analytics.io.report import LoadError

__all__ = ["PRELOAD", "die_with_parent", "isolation_enabled", "run_isolated"]

T = TypeVar("T")

#: Modules the forkserver imports once, so that each child starts warm: the readers (which
#: import neither pandas nor the loader) and calamine. openpyxl, the fallback for the rare
#: workbook calamine cannot read, is imported by the child that needs it.
PRELOAD: tuple[str, ...] = ("jobsearch_analytics.io.readers", "python_calamine")

_CONTEXT: Any = None


def isolation_enabled(isolate: bool | None = None) -> bool:
    """Whether to parse in a child process: ``isolate`` if given, else ``JSA_ISOLATE`` (on).

    Examples
    --------
    >>> isolation_enabled(False), isolation_enabled(True)
    (False, True)
    """
    if isolate is not None:
        return isolate
    return os.environ.get("JSA_ISOLATE", "1").strip().lower() not in ("0", "false", "no", "off")


_START_LOCK = threading.Lock()


@contextlib.contextmanager
def _without_callers_main() -> Any:
    """Start children without re-importing the caller's ``__main__``.

    multiprocessing hands a new child the path of the caller's main script so that functions
    defined there can be found; the child then imports it, which re-runs an unguarded script
    (``s = jsa.load(...)`` at top level) inside the child, recursively. Our children only run
    functions of this package, so that step is dropped while our process starts.
    """
    original = mp_spawn.get_preparation_data

    def preparation_data(name: str) -> dict[str, Any]:
        data = original(name)
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
        return data

    with _START_LOCK:
        mp_spawn.get_preparation_data = preparation_data
        try:
            yield
        finally:
            mp_spawn.get_preparation_data = original


def _context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(list(PRELOAD))
        _CONTEXT = ctx
    return _CONTEXT


def run_isolated(
    fn: Callable[..., T],
    args: Sequence[Any] = (),
    *,
    file: str,
    limits: Limits | None = None,
) -> T:
    """Call ``fn(*args)`` in a child process and return its result.

    ``fn`` must be a module-level function and its arguments and result picklable. A
    :class:`LoadError` raised by ``fn`` is re-raised here as it was; a ``MemoryError`` (the
    child's address space is capped at its starting size plus ``limits.memory_bytes``), a
    crash (a signal such as SIGABRT or SIGSEGV) or running past ``limits.timeout`` seconds
    becomes a :class:`LoadError` naming ``file``. Any other exception is re-raised.

    Examples
    --------
    >>> run_isolated(max, ([3, 9, 4],), file="t.xlsx")
    9
    >>> run_isolated(os.abort, file="t.xlsx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jobsearch_analytics.io.report.LoadError: t.xlsx: the spreadsheet reader crashed (SIGABRT)...
    """
    lim = limits or Limits()
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, tuple(args), lim.memory_bytes), daemon=True)
    with _without_callers_main():
        proc.start()
    send.close()
    try:
        if not receive.poll(lim.timeout):
            raise LoadError(
                f"reading the file took longer than the limit of {lim.timeout:g} s, so it was "
                "stopped",
                file=file,
                hint="open it in Excel or LibreOffice and save it again as .xlsx; for a trusted "
                "large file raise Limits.timeout",
            )
        try:
            status, payload = receive.recv()
        except EOFError:
            proc.join(5)
            raise _crash(file, proc.exitcode) from None
        if status == "ok":
            return payload
        if status == "memory":
            raise LoadError(
                f"reading the file needed more than the memory limit "
                f"({lim.memory_bytes / 2**20:,.0f} MiB more than the reader starts with)",
                file=file,
                hint="check that this is the tracker (a file built to exhaust memory looks "
                "like this); for a trusted large file raise Limits.memory_bytes",
            )
        raise payload
    finally:
        receive.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)


def _crash(file: str, exitcode: int | None) -> LoadError:
    if exitcode is not None and exitcode < 0:
        try:
            what = signal.Signals(-exitcode).name
        except ValueError:
            what = f"signal {-exitcode}"
    else:
        what = f"exit code {exitcode}"
    return LoadError(
        f"the spreadsheet reader crashed ({what}) while reading the file; files built to "
        "exhaust memory, and some damaged files, do this",
        file=file,
        hint="open it in Excel or LibreOffice and save it again as .xlsx; if that fails too, "
        "ask the sender for a CSV export",
    )


_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask the kernel to send ``sig`` to this process when its parent ends (Linux; elsewhere
    nothing), so that no worker or reader outlives the process that started it, even one
    killed with SIGKILL. Exits at once when the parent is already gone.

    Examples
    --------
    >>> run_isolated(die_with_parent, file="t.xlsx") is None
    True
    """
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the request was in place
        os._exit(1)


def _child(send: Any, fn: Callable[..., Any], args: tuple[Any, ...], memory: int) -> None:
    # Ctrl-C reaches every process of the terminal's group: stopping this child is its
    # parent's decision (it kills it when the read is abandoned), and it dies with the server.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(signal.SIGKILL)
    _cap_memory(memory)
    try:
        result: tuple[str, Any] = ("ok", fn(*args))
    except MemoryError:
        result = ("memory", None)
    except LoadError as e:
        result = ("error", e)
    except Exception as e:  # reported to the caller, who re-raises it
        result = ("error", e)
    try:
        send.send(result)
    except OSError:
        pass  # the parent stopped waiting (timeout, Ctrl-C, it ended): nobody to tell
    except MemoryError:
        with contextlib.suppress(OSError):
            send.send(("memory", None))
    except Exception as e:  # an exception that cannot be pickled: send its text
        with contextlib.suppress(OSError):
            send.send(("error", RuntimeError(f"{type(result[1]).__name__}: {result[1]} ({e})")))
    finally:
        with contextlib.suppress(OSError):
            send.close()


def _cap_memory(extra: int) -> None:
    """Cap the address space at what the process uses now plus ``extra`` bytes."""
    # A crash is expected now and then; it must not leave a core file in the working folder.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    used = 0
    try:
        with open("/proc/self/status", encoding="ascii") as f:  # noqa: PTH123
            for line in f:
                if line.startswith("VmSize:"):
                    used = int(line.split()[1]) * 1024
                    break
    except OSError:
        used = 1 << 30
    cap = used + extra
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
