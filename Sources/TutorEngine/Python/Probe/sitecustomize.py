"""tutor's probe: loaded into every Python process of a program that tutor observes.

tutor puts the folder holding this file first on PYTHONPATH, so Python imports it at start-up
(as `sitecustomize`) before the student's code runs; nothing is pasted into their code. It
wraps threading's Lock, RLock, Semaphore, BoundedSemaphore, Condition and Event (those the
program makes, not those Python's library makes for itself), standard output, thread start and
multiprocessing's Pool worker loop, and appends one line per event to the file named
by TUTOR_PROBE_FILE: time.monotonic_ns() (the clock tutor's own timelines use), pid, native
thread id, and what happened. tutor reads the file as the program runs and merges it with what
it samples from /proc (running, waiting for the GIL, sleeping, blocked in a system call).

Plain Python, no dependencies. Without TUTOR_PROBE_FILE it does nothing. Afterwards it runs
whatever sitecustomize the interpreter would have loaded without it.
"""
import os
import sys


def _install(path):
    import re
    import threading
    import time

    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    state = {"fd": os.open(path, flags, 0o600)}
    now = time.monotonic_ns
    native_id = threading.get_native_id

    def escape(text):
        return str(text).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    def emit(*fields):
        line = "\t".join([str(now()), str(os.getpid()), str(native_id())] + [escape(f) for f in fields]) + "\n"
        try:
            os.write(state["fd"], line.encode("utf-8", "replace"))
        except OSError:
            pass

    import sysconfig

    assignment = re.compile(r"^\s*(?:self\.)?([A-Za-z_][\w.]*)\s*(?::[^=]*)?=[^=]")
    library = tuple({os.path.realpath(sysconfig.get_paths()[key]) for key in ("stdlib", "platstdlib", "purelib", "platlib")}
                    | {os.path.realpath(os.path.dirname(__file__))})
    counts = {}

    def maker():
        """The student's frame that is making a synchronisation object, or None when Python's
        own library (or an installed package) makes it for its own use: those stay untraced."""
        frame = sys._getframe(2)
        filename = frame.f_code.co_filename
        if filename.startswith("<frozen") or os.path.realpath(filename).startswith(library):
            return None
        return frame

    def name_for(kind, frame):
        """The variable the object is assigned to where the student's code made it."""
        import linecache
        match = assignment.match(linecache.getline(frame.f_code.co_filename, frame.f_lineno))
        if match:
            return match.group(1)
        counts[kind] = counts.get(kind, 0) + 1
        return "%s-%d" % (kind, counts[kind])

    original_lock, original_rlock = threading.Lock, threading.RLock
    original_condition, original_semaphore = threading.Condition, threading.Semaphore
    original_bounded, original_event = threading.BoundedSemaphore, threading.Event

    class Traced:
        """A real lock or semaphore, reporting waits, acquisitions and releases."""

        def __init__(self, kind, real, name):
            self.kind, self._real, self.name = kind, real, name

        def acquire(self, blocking=True, timeout=-1):
            if timeout is None:
                timeout = -1
            if self._real.acquire(False):
                emit("acquired", self.kind, self.name)
                return True
            if not blocking:
                return False
            emit("wait", self.kind, self.name)
            got = self._real.acquire(True, timeout) if timeout >= 0 else self._real.acquire(True)
            emit("acquired" if got else "gave-up", self.kind, self.name)
            return got

        def release(self, *n):
            emit("released", self.kind, self.name)
            self._real.release(*n)

        __enter__ = acquire

        def __exit__(self, *exc):
            self.release()

        def __getattr__(self, name):  # locked(), _is_owned(), _at_fork_reinit(), …
            return getattr(self._real, name)

    class TracedCondition:
        """A real condition variable, reporting waits, wake-ups and notifications."""

        def __init__(self, real, name):
            self._real, self.name = real, name

        def wait(self, timeout=None):
            emit("wait", "condition", self.name)
            woke = self._real.wait(timeout)
            emit("woke", "condition", self.name)
            return woke

        def wait_for(self, predicate, timeout=None):
            result = predicate()
            while not result:
                self.wait(timeout)
                result = predicate()
                if timeout is not None:
                    break
            return result

        def notify(self, n=1):
            emit("notify", "condition", self.name)
            self._real.notify(n)

        def notify_all(self):
            emit("notify", "condition", self.name)
            self._real.notify_all()

        def set(self):  # an Event's
            emit("notify", "condition", self.name)
            self._real.set()

        def __enter__(self):
            return self._real.__enter__()

        def __exit__(self, *exc):
            return self._real.__exit__(*exc)

        def __getattr__(self, name):
            return getattr(self._real, name)

    def factory(kind, original, wrap):
        def make(*args, **kwargs):
            frame = maker()
            real = original(*args, **kwargs)
            return real if frame is None else wrap(real, name_for(kind, frame))
        make.__name__ = original.__name__
        return make

    threading.Lock = factory("lock", original_lock, lambda real, name: Traced("lock", real, name))
    threading.RLock = factory("lock", original_rlock, lambda real, name: Traced("lock", real, name))
    threading.Semaphore = factory("semaphore", original_semaphore, lambda real, name: Traced("semaphore", real, name))
    threading.BoundedSemaphore = factory("semaphore", original_bounded, lambda real, name: Traced("semaphore", real, name))
    threading.Condition = factory("condition", original_condition, TracedCondition)
    threading.Event = factory("event", original_event, TracedCondition)

    original_bootstrap = threading.Thread._bootstrap_inner

    def bootstrap_inner(self):
        emit("thread", self.name)
        return original_bootstrap(self)

    threading.Thread._bootstrap_inner = bootstrap_inner

    class Output:
        """Standard output, passed through, with each complete line reported with its thread."""

        def __init__(self, real, passing):
            self._real = real
            self._passing = passing
            self._partial = {}

        def write(self, text):
            written = self._real.write(text) if self._passing else len(text)
            tid = native_id()
            lines = (self._partial.pop(tid, "") + str(text)).split("\n")
            if lines[-1]:
                self._partial[tid] = lines[-1]
            for line in lines[:-1]:
                emit("print", line)
            return written

        def __getattr__(self, name):
            return getattr(self._real, name)

    if sys.stdout is not None:
        sys.stdout = Output(sys.stdout, os.environ.get("TUTOR_PROBE_STDOUT") != "report-only")

    def after_fork():
        emit("process", "forked")

    os.register_at_fork(after_in_child=after_fork)

    # multiprocessing: name its processes, and mark each task a Pool worker takes and ends.
    # Imported here (a few ms) so that the patch is in place whatever the program imports.
    import multiprocessing.pool as pool
    import multiprocessing.process as process

    original_process_bootstrap = process.BaseProcess._bootstrap

    def process_bootstrap(self, *args, **kwargs):
        emit("process", self.name)
        return original_process_bootstrap(self, *args, **kwargs)

    process.BaseProcess._bootstrap = process_bootstrap

    def describe(args):
        text = repr(args)
        return text if len(text) <= 60 else text[:57] + "..."

    class Inbox:
        """The worker's task queue: each task taken is its start."""

        def __init__(self, queue):
            self._queue = queue

        def get(self):
            task = self._queue.get()
            if task:
                try:
                    _job, _index, func, args, _kwargs = task
                    emit("task", "start", "%s %s" % (getattr(func, "__name__", "task"), describe(args)))
                except (TypeError, ValueError):
                    pass
            return task

        def __getattr__(self, name):
            return getattr(self._queue, name)

    class Outbox:
        """The worker's result queue: each result put is its task's end."""

        def __init__(self, queue):
            self._queue = queue

        def put(self, item):
            emit("task", "end", "")
            return self._queue.put(item)

        def __getattr__(self, name):
            return getattr(self._queue, name)

    original_worker = pool.worker

    def worker(inqueue, outqueue, *rest, **kwargs):
        return original_worker(Inbox(inqueue), Outbox(outqueue), *rest, **kwargs)

    pool.worker = worker

    emit("thread", threading.current_thread().name)
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    emit("python", sys.version.split()[0], "gil" if gil else "free-threaded")
    if os.environ.get("TUTOR_PARENT_PID") == str(os.getppid()):
        # The program tutor started: it ends if tutor is killed outright.
        try:
            import ctypes
            ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
        except (OSError, AttributeError):
            pass


def _chain():
    """Runs the sitecustomize this one shadows, if the interpreter has one."""
    import importlib.machinery
    here = os.path.dirname(os.path.abspath(__file__))
    others = [p for p in sys.path if os.path.abspath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", others)
    if spec is not None and spec.loader is not None:
        import importlib.util
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


if os.environ.get("TUTOR_PROBE_FILE"):
    try:
        _install(os.environ["TUTOR_PROBE_FILE"])
    except Exception as error:  # never stop the student's program
        sys.stderr.write("tutor probe: not installed (%s)\n" % error)
_chain()
