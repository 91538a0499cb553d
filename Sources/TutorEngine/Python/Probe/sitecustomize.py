"""tutor's probe: loaded into every Python process of a program that tutor observes.

tutor puts the folder holding this file first on PYTHONPATH, so Python imports it at start-up
(as `sitecustomize`) before the student's code runs; nothing is pasted into their code. It
traces threading's Lock, RLock, Semaphore, BoundedSemaphore, Condition and Event (those the
program makes, not those Python's library or installed packages make for themselves),
standard output, thread start and multiprocessing's Pool worker loop, and appends one line per
event to the file named by TUTOR_PROBE_FILE: time.monotonic_ns() (the clock tutor's own
timelines use), pid, native thread id, and what happened. tutor reads the file as the program
runs and merges it with what it samples from /proc (running, waiting for the GIL, sleeping,
blocked in a system call).

It must never change what the program does: the classes stay classes (isinstance and
subclassing work), traced objects pickle and copy as the real ones would, multiprocessing is
patched only when the program imports it (so a student's own `queue.py` is still theirs), and
whatever goes wrong in the probe is swallowed. Plain Python, no dependencies. Without
TUTOR_PROBE_FILE it does nothing. With TUTOR_PROBE_STEP it also holds each thread before
every line of the student's code until tutor lets it go (tutor_lines.py). Afterwards it runs whatever sitecustomize the interpreter
would have loaded without it.
"""
import os
import sys


def _install(path):
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

    # -- Who made an object: the student's code, or a library for its own use. ---------------

    def library_folders():
        import site
        import sysconfig
        folders = {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
        folders.update(getattr(site, "getsitepackages", lambda: [])())
        folders.add(getattr(site, "getusersitepackages", lambda: "")())
        folders.add(os.path.dirname(os.path.abspath(__file__)))
        return tuple(os.path.realpath(f) for f in folders if f)

    library = library_folders()
    counts = {}

    def in_library(filename):
        if filename.startswith("<"):
            return True
        real = os.path.realpath(filename)
        return any(real == folder or real.startswith(folder + os.sep) for folder in library)

    def student_name(kind, depth=2):
        """The variable the student's code assigns the new object to, or None when the object
        is made by Python's own library: those are left alone."""
        frame = sys._getframe(depth)
        while frame is not None and frame.f_code.co_filename == __file__:
            frame = frame.f_back
        if frame is None or in_library(frame.f_code.co_filename):
            return None
        import linecache
        import re
        line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
        match = re.match(r"^\s*(?:self\.)?([A-Za-z_][\w.]*)\s*(?::[^=]*)?=[^=]", line)
        if match:
            return match.group(1)
        counts[kind] = counts.get(kind, 0) + 1
        return "%s-%d" % (kind, counts[kind])

    # -- Locks: factories that stand for the real type, as threading.Lock does. --------------

    class TracedLock:
        """A real lock, reporting waits, acquisitions and releases."""

        __slots__ = ("_real", "name", "kind")

        def __init__(self, real, name, kind="lock"):
            self._real, self.name, self.kind = real, name, kind

        def acquire(self, blocking=True, timeout=-1):
            if self._real.acquire(False):
                emit("acquired", self.kind, self.name)
                return True
            if not blocking:
                return False
            # A wait with a timeout ends by itself: it can close no deadlock, so say which.
            emit("wait", self.kind, self.name, "timed" if timeout is not None and timeout >= 0 else "")
            got = self._real.acquire(True, timeout)
            emit("acquired" if got else "gave-up", self.kind, self.name)
            return got

        def release(self):
            emit("released", self.kind, self.name)
            self._real.release()

        def __enter__(self):
            return self.acquire()

        def __exit__(self, *exc):
            self.release()

        def __getattr__(self, name):  # locked(), _is_owned(), _at_fork_reinit(), ...
            if name.startswith("__") or name == "_real":
                raise AttributeError(name)
            return getattr(self._real, name)

        def __reduce_ex__(self, protocol):  # pickles (and copies) as the real lock: not at all
            return self._real.__reduce_ex__(protocol)

    class LockFactory:
        """threading.Lock / RLock: makes a traced lock for the student's code, a real one for
        the library's; `isinstance(x, threading.Lock)` still answers for both."""

        def __init__(self, original, kind):
            self._original, self._kind = original, kind
            self.__name__ = getattr(original, "__name__", kind)

        def __call__(self, *args, **kwargs):
            real = self._original(*args, **kwargs)
            name = student_name(self._kind)
            return real if name is None else TracedLock(real, name)

        def __instancecheck__(self, instance):
            real = instance._real if isinstance(instance, TracedLock) else instance
            return isinstance(real, self._original)  # a TypeError where the original is no type

    threading.Lock = LockFactory(threading.Lock, "lock")
    threading.RLock = LockFactory(threading.RLock, "lock")

    # -- Semaphores, conditions, events: the real classes, subclassed. ------------------------

    def traced_semaphore(base):
        class Semaphore(base):
            # `base.__init__`, not super(): the library's BoundedSemaphore calls
            # `Semaphore.__init__(self, ...)` by name, which is this class by then.
            def __init__(self, value=1):
                base.__init__(self, value)
                self._tutor_name = student_name("semaphore")

            def acquire(self, blocking=True, timeout=None):
                name = getattr(self, "_tutor_name", None)
                if name is None:
                    return super().acquire(blocking, timeout)
                if super().acquire(False):
                    emit("acquired", "semaphore", name)
                    return True
                if not blocking:
                    return False
                emit("wait", "semaphore", name)
                got = super().acquire(True, timeout)
                emit("acquired" if got else "gave-up", "semaphore", name)
                return got

            __enter__ = acquire

            def release(self, n=1):
                if getattr(self, "_tutor_name", None) is not None:
                    emit("released", "semaphore", self._tutor_name)
                super().release(n)

        Semaphore.__name__ = Semaphore.__qualname__ = base.__name__
        Semaphore.__module__ = base.__module__
        return Semaphore

    def traced_wait(waiter, wait, timeout):
        """A condition's or an event's wait, reported when the student's code made it."""
        name = waiter._tutor_name
        if name is None:
            return wait(timeout)
        emit("wait", "condition", name)
        woke = wait(timeout)
        emit("woke", "condition", name)
        return woke

    class Condition(threading.Condition):
        def __init__(self, lock=None):
            super().__init__(lock)
            self._tutor_name = student_name("condition")

        def wait(self, timeout=None):
            return traced_wait(self, super().wait, timeout)

        def notify(self, n=1):
            if self._tutor_name is not None:
                emit("notify", "condition", self._tutor_name)
            super().notify(n)

        def notify_all(self):
            if self._tutor_name is not None:
                emit("notify", "condition", self._tutor_name)
            super().notify_all()

    class Event(threading.Event):
        def __init__(self):
            super().__init__()
            self._tutor_name = student_name("event")

        def wait(self, timeout=None):
            return traced_wait(self, super().wait, timeout)

        def set(self):
            if self._tutor_name is not None:
                emit("notify", "condition", self._tutor_name)
            super().set()

    for cls, base in ((Condition, threading.Condition), (Event, threading.Event)):
        cls.__qualname__ = cls.__name__ = base.__name__
        cls.__module__ = base.__module__
    threading.Semaphore = traced_semaphore(threading.Semaphore)
    threading.BoundedSemaphore = traced_semaphore(threading.BoundedSemaphore)
    threading.Condition, threading.Event = Condition, Event

    # -- Threads and standard output. ---------------------------------------------------------

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

        def flush_partial(self):
            """At exit: a last line without a newline is a line too."""
            for line in self._partial.values():
                emit("print", line)
            self._partial.clear()

        def __getattr__(self, name):
            if name.startswith("__") or name == "_real":
                raise AttributeError(name)
            return getattr(self._real, name)

    if sys.stdout is not None:
        sys.stdout = Output(sys.stdout, os.environ.get("TUTOR_PROBE_STDOUT") != "report-only")
        import atexit
        atexit.register(sys.stdout.flush_partial)

    def after_fork():
        emit("process", "forked")

    os.register_at_fork(after_in_child=after_fork)

    # -- multiprocessing, patched when the program imports it. --------------------------------

    def patch_process(process):
        original = process.BaseProcess._bootstrap

        def _bootstrap(self, *args, **kwargs):
            emit("process", self.name)
            return original(self, *args, **kwargs)

        process.BaseProcess._bootstrap = _bootstrap

    def patch_pool(pool):
        import functools

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

        original = pool.worker

        # Named as the original, so a spawn or forkserver child unpickles it as
        # multiprocessing.pool.worker (which that child's probe has patched too).
        @functools.wraps(original)
        def worker(inqueue, outqueue, *rest, **kwargs):
            return original(Inbox(inqueue), Outbox(outqueue), *rest, **kwargs)

        pool.worker = worker

    patches = {"multiprocessing.process": patch_process, "multiprocessing.pool": patch_pool}
    for name in list(patches):
        if name in sys.modules:
            patches.pop(name)(sys.modules[name])
    if patches:
        import importlib.abc

        class PatchOnImport(importlib.abc.MetaPathFinder):
            """Finds the module as Python would, and patches it once it has run."""

            def find_spec(self, name, path=None, target=None):
                if name not in patches:
                    return None
                spec = None
                for finder in sys.meta_path:
                    if finder is not self and hasattr(finder, "find_spec"):
                        spec = finder.find_spec(name, path, target)
                        if spec is not None:
                            break
                if spec is None or spec.loader is None:
                    return spec
                patch, loader = patches.pop(name), spec.loader

                class Loader(importlib.abc.Loader):
                    def create_module(self, spec):
                        return loader.create_module(spec)

                    def exec_module(self, module):
                        loader.exec_module(module)
                        try:
                            patch(module)
                        except Exception:
                            pass

                spec.loader = Loader()
                return spec

        sys.meta_path.insert(0, PatchOnImport())

    # Stepping (tutor_lines.py, beside this file): only in a run tutor paces or steps.
    step_folder = os.environ.get("TUTOR_PROBE_STEP")
    if step_folder:
        try:
            import tutor_lines
            tutor_lines.install(step_folder, emit, in_library)
        except Exception as error:  # the program runs on, unstepped, and the rest still starts
            sys.stderr.write("tutor probe: lines cannot be stepped (%s)\n" % error)

    emit("thread", threading.current_thread().name)
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    emit("python", sys.version.split()[0], "gil" if gil else "free-threaded")
    if os.environ.get("TUTOR_PARENT_PID") == str(os.getppid()):
        # The program tutor started: it ends if tutor is killed outright.
        try:
            import ctypes
            ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
        except Exception:
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
