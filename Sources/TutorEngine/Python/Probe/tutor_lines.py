"""tutor's line stepping: holds each thread of the student's code before every line it runs,
until tutor lets it go. The probe (sitecustomize.py) installs it when TUTOR_PROBE_STEP names
the run's folder, so only a run the student steps or paces pays for tracing.

tutor keeps one byte in FOLDER/mode: b"h" while it paces, pauses or steps the run, b"f" at full
speed. While it is b"h", a thread about to run a line of the student's code (a file outside
Python's library) reports the line and its function's integer locals, then waits for one
byte on its own FIFO, FOLDER/grant-PID-TID, which tutor writes when the student (or the pace)
lets it go. It waits in os.read, which releases the GIL, so the other threads run as tutor
lets them. At b"f" lines run unheld and unreported, and a thread already waiting is let go.

Beside each held line it reports the shared globals the line reads (their value as it is let
go, which is the value it reads: nothing else moves meanwhile) and, once it has run, the value
it wrote: the reads and writes the locks lesson draws, and from which tutor tells a lost update.
A shared global is one the student's code assigns with `global` (STORE_GLOBAL).
"""
import dis
import linecache
import mmap
import os
import select
import sys
import threading

HELD = ord("h")


def frame_refresher():
    """Before 3.13, CPython copies a traced frame's variables into `f_locals` before each
    trace call and back afterwards (bpo-30744). A thread held for a long time in the trace
    function would then write back, on its way out, the values its closure's cells had when
    it was held, undoing what other threads stored in them meanwhile (a `nonlocal` counter
    under a lock would lose updates). Taking the copy again after the hold, just before the
    trace function returns, writes back what is there now."""
    if sys.version_info >= (3, 13):
        return None
    try:
        import ctypes
        refresh = ctypes.pythonapi.PyFrame_FastToLocalsWithError
        refresh.argtypes = [ctypes.py_object]
        refresh.restype = ctypes.c_int
        return refresh
    except Exception:
        return None


def install(folder, emit, in_library):
    refresh = frame_refresher()
    descriptor = os.open(os.path.join(folder, "mode"), os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    mode = mmap.mmap(descriptor, 1, mmap.MAP_SHARED, mmap.PROT_READ)
    os.close(descriptor)
    native_id = threading.get_native_id
    tutor = int(os.environ.get("TUTOR_PARENT_PID", "0") or 0)
    orphaned = []
    channels = {}
    students = {}
    shapes = {}
    shared = set()

    def is_student(code):
        known = students.get(code.co_filename)
        if known is None:
            known = students[code.co_filename] = not in_library(code.co_filename)
        return known

    def shape(code):
        """Per line of `code`, the globals it reads, and those it assigns, each with the offset
        of the line start just before its store: a statement over several lines (3.10+)
        comes back to its first line before the store runs."""
        found = shapes.get(code)
        if found is None:
            starts = sorted((offset, line) for offset, line in dis.findlinestarts(code) if line is not None)
            found, index, line, start = {}, 0, None, None
            for instruction in dis.get_instructions(code):
                while index < len(starts) and starts[index][0] <= instruction.offset:
                    start, line = starts[index]
                    index += 1
                if instruction.opname in ("LOAD_GLOBAL", "STORE_GLOBAL") and line is not None:
                    reads, writes = found.setdefault(line, (set(), set()))
                    if instruction.opname == "STORE_GLOBAL":
                        writes.add((instruction.argval, start))
                    else:
                        reads.add(instruction.argval)
            for _, writes in found.values():
                shared.update(name for name, _ in writes)
            shapes[code] = found
        return found

    def integers(mapping, names):
        fields = []
        for name in names:
            value = mapping.get(name)
            if type(value) is int and -2**63 <= value < 2**63 and name != "_":
                fields.append("%s=%d" % (name, value))
        return fields[:6]

    def channel():
        tid = native_id()
        found = channels.get(tid)
        if found is None:
            path = os.path.join(folder, "grant-%d-%d" % (os.getpid(), tid))
            try:
                os.mkfifo(path, 0o600)
            except FileExistsError:
                pass
            # Read and write: opening does not wait for tutor, and tutor's write end may come
            # and go without the read seeing an end of file.
            found = channels[tid] = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        return found

    def hold(frame):
        """Reports the line `frame` is about to run and waits until tutor lets it go; False
        when the run is at full speed (nothing reported, nothing waited for)."""
        if mode[0] != HELD or orphaned:
            return False
        code = frame.f_code
        # A module's names are globals, and a comprehension's (a function of its own before
        # 3.12) are no variables of the student's: only a function's own locals.
        fields = [] if code.co_name.startswith("<") else integers(frame.f_locals, code.co_varnames)
        text = linecache.getline(code.co_filename, frame.f_lineno).strip()
        grant = channel()
        emit("line", os.path.basename(code.co_filename), frame.f_lineno, text, *fields)
        wait_for_grant(grant)
        return True

    def wait_for_grant(grant):
        """Waits for tutor's byte; looks each second whether tutor is still there, since a
        process that tutor's death does not end (a Pool's worker) would otherwise wait for
        ever. Without tutor, nothing is held any more."""
        while not orphaned:
            try:
                ready, _, _ = select.select([grant], [], [], 1.0)
                if ready:
                    os.read(grant, 1)
                    return
                if tutor:
                    os.kill(tutor, 0)
            except ProcessLookupError:
                orphaned.append(True)
            except (OSError, ValueError):
                return

    def local_tracer(code):
        lines = shape(code)
        # The writes of the line let go last, each armed once the frame has stood at the line
        # start just before its store: its next event after that comes after the store.
        pending = []

        def report_writes(frame, returning):
            still = []
            for name, start, armed in pending:
                if frame.f_lasti == start and not returning:
                    still.append((name, start, True))
                elif armed or returning:
                    value = frame.f_globals.get(name)
                    if type(value) is int:
                        emit("write", name, value)
                else:
                    still.append((name, start, armed))
            pending[:] = still

        def local(frame, event, arg):
            try:
                if pending:
                    report_writes(frame, event == "return")
                if event == "line" and hold(frame):
                    reads, writes = lines.get(frame.f_lineno, ((), ()))
                    for name in sorted(reads):
                        value = frame.f_globals.get(name)
                        if name in shared and type(value) is int:
                            emit("read", name, value)
                    waiting = {(name, start) for name, start, _ in pending}
                    pending.extend((name, start, start == frame.f_lasti) for name, start in sorted(writes)
                                   if (name, start) not in waiting)
                    if refresh is not None and (code.co_cellvars or code.co_freevars):
                        refresh(frame)
            except Exception:
                pass  # never the student's problem: the line runs as it would have
            return local

        return local

    def trace(frame, event, arg):
        if event != "call" or not is_student(frame.f_code):
            return None
        return local_tracer(frame.f_code)

    threading.settrace(trace)
    sys.settrace(trace)
