"""Parallel planning on Dask: communities are ``distributed`` tasks.

:func:`run_tasks` runs one function over a list of tasks on a Dask cluster and hands each
result back as it arrives. The cluster is either an existing one (``scheduler``: the address
of a ``dask scheduler``, dask-jobqueue or Kubernetes cluster) or a :class:`LocalCluster`
started for the run and closed after it, sized to the machine:

* from a command line or a script: one single-threaded worker *process* per worker (the
  planner is Python and GEOS, and threads would share one interpreter lock);
* inside QGIS (``qgis`` imported): worker *threads* of this process. A worker process would
  be started from ``sys.executable``, which is the QGIS program there, not a Python.

Every task ships only what it names (the planner's ``CommunityTask``: one community's
features). A cancellation, Ctrl-C, SIGTERM or a failed task cancels the tasks not yet done and
closes a local cluster at once (its worker processes are terminated); a worker process of a
local cluster also exits by itself when this process dies (``distributed`` watches a pipe to
its parent). On an existing cluster the tasks belong to this client: when it cancels them or
dies, the scheduler forgets the tasks not yet started; Dask cannot stop a task already
running in a worker thread, so that one finishes and its result is dropped.

The results do not depend on where a task ran: each community's random stream depends only on
the seed and its code, and the caller assembles results in its own order.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .errors import InputError, PlanCancelled
from .i18n import tr

#: Seconds between two polls of the caller's cancellation while tasks run.
POLL_SECONDS = 0.05
#: Seconds to wait for an existing scheduler to answer.
CONNECT_SECONDS = 20.0


def in_qgis() -> bool:
    """True inside QGIS, where no worker process may be started from ``sys.executable``."""
    return "qgis" in sys.modules


def dask_setup(worker: Any) -> None:
    """Preload of a local cluster's worker processes: Ctrl-C in a terminal reaches every process
    of its group; the client handles it and closes the cluster, so a worker ignores it (else
    each would print its own traceback)."""
    if threading.current_thread() is threading.main_thread():
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        except (ValueError, OSError):
            pass


@contextmanager
def dask_client(workers: int, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: connected to ``scheduler``, else to a local cluster of
    ``workers`` workers started now (processes; threads inside QGIS) and closed on exit."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError(tr("planning on a Dask cluster needs Dask in this Python: install it with "
                            "pip install \"dask[distributed]\" (or plan with 1 worker and no scheduler)")) from None

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as err:
            raise InputError(tr("cannot reach the Dask scheduler at {address}: {error}",
                                address=scheduler, error=err)) from None
        try:
            yield client
        finally:
            client.close()
        return
    processes = not in_qgis()
    with warnings.catch_warnings(), _main_script_not_rerun():
        warnings.simplefilter("ignore")
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=processes,
                               dashboard_address=None, memory_limit=0, silence_logs=logging.CRITICAL,
                               preload=[__name__] if processes else [])
    client = Client(cluster, set_as_default=False)
    try:
        yield client
    finally:
        _close_quietly(client, cluster)


@contextmanager
def _main_script_not_rerun() -> Iterator[None]:
    """While worker processes start: a new Python process started by ``spawn`` runs the
    caller's main script again before it works, so a script calling the planner without an
    ``if __name__ == "__main__":`` guard would start planning in every worker (and fail).
    The workers need only Grid Planner's modules (a partitioner defined in the script travels
    by value with cloudpickle), so the script's name is hidden from them meanwhile."""
    main = sys.modules.get("__main__")
    saved: dict[str, Any] = {name: main.__dict__[name] for name in ("__file__", "__spec__")
             if main is not None and name in main.__dict__}
    try:
        if main is not None:
            main.__dict__.pop("__file__", None)
            main.__dict__["__spec__"] = None
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)
            if "__spec__" not in saved:
                main.__dict__.pop("__spec__", None)


def _close_quietly(client: Any, cluster: Any) -> None:
    """Close a local cluster now: its worker processes are terminated first, running tasks and
    all (a graceful close would wait for the tasks they are running)."""
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    pids = [getattr(nanny, "pid", None) for nanny in getattr(cluster, "workers", {}).values()]
    for thing in (client, cluster):
        try:
            if thing is cluster:
                for pid in pids:
                    if pid:
                        os.kill(pid, signal.SIGKILL)
            thing.close(timeout=1)
        except Exception:  # noqa: BLE001 - already closing after an interrupt or a failure
            pass


def submit(client: Any, function: Callable[..., Any], *args: Any, priority: int = 0) -> Any:
    """``client.submit`` of an impure call, without Dask's warning about a large graph: a
    community's task, or every grid for the plan-wide noding, is data the task needs (tens of
    MB at city scale), sent once; the warning would only alarm a planner."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Sending large graph")
        return client.submit(function, *args, pure=False, priority=priority)


def run_tasks(client: Any, function: Callable[..., Any], tasks: Iterable[Any], keys: Sequence[Hashable],
              *, extra: Sequence[Any] = (), priorities: Sequence[int] | None = None,
              on_result: Callable[[Hashable, Any], None], cancelled: Callable[[], bool],
              window: int | None = None) -> None:
    """Run ``function(task, *extra)`` for every task on ``client``'s cluster.

    ``on_result(key, result)`` is called in this thread as each task finishes (in the order
    they finish); ``priorities`` (higher first) orders the queue, e.g. largest community first.
    ``tasks`` may be made as they are taken (a generator): with ``window``, at most that many
    tasks are submitted and not yet finished at a time, the next taken as one finishes, so
    the client never holds more than ``window`` tasks (:mod:`.citywide`).
    Raises :class:`PlanCancelled` when ``cancelled()`` turns true, the task's own exception
    when one fails; either way, and on Ctrl-C, the tasks not yet done are cancelled first.
    """
    from distributed import as_completed

    futures: dict[Any, Hashable] = {}
    pending = iter(enumerate(zip(tasks, keys)))
    limit = window if window else float("inf")
    arrivals = as_completed(loop=client.loop)

    def submit_more() -> None:
        while len(futures) < limit:
            item = next(pending, None)
            if item is None:
                return
            i, (task, key) = item
            priority = priorities[i] if priorities is not None else 0
            future = submit(client, function, task, *extra, priority=priority)
            futures[future] = key
            arrivals.add(future)

    try:
        submit_more()
        while not arrivals.is_empty():
            if cancelled():
                raise PlanCancelled("cancelled")
            batch = arrivals.next_batch(block=False)
            if not batch:
                time.sleep(POLL_SECONDS)
            for future in batch:
                on_result(futures.pop(future), future.result())
                future.release()
            if batch:
                submit_more()
    except BaseException:
        try:
            client.cancel(list(futures), force=True)
        except Exception:  # noqa: BLE001 - the client may be gone already
            pass
        raise
