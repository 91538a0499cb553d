#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import TutorEngine

/// Real CPython, observed from outside (/proc and the probe), with the invariants the lessons
/// teach checked on what was recorded. python3 is on every machine of this kind and in CI.
@Suite struct ObservedProgramTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs `script` (Python source) under observation, its output captured.
    func observe(_ script: String, arguments: [String] = [], python: String? = nil) throws -> (Recording, DemoOutcome) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-observed-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("program.py").path
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try DemoRun.start(ObservedProgramDemo(command: [try python ?? PythonInterpreter.resolve("python3"), file] + arguments,
                                                        captured: true),
                                    parameters: ParameterValues([]), mode: .fast)
        let status = run.wait()
        guard case .completed(let outcome, _) = status else { throw Failure(description: "\(status)") }
        return (run.recorder.snapshot(), outcome)
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Every CPython 3.9 or later on this machine: python3 on PATH, the system's, and pyenv's.
    static let pythons: [String] = {
        var found: [String] = []
        if let python = try? PythonInterpreter.resolve("python3") { found.append(python) }
        let root = ProcessInfo.processInfo.environment["PYENV_ROOT"] ?? (NSHomeDirectory() + "/.pyenv")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root + "/versions")) ?? []
        for version in versions.sorted() {
            let parts = version.split(separator: ".").compactMap { Int($0) }
            guard parts.count >= 2, parts[0] == 3, parts[1] >= 9 else { continue }
            found.append("\(root)/versions/\(version)/bin/python3")
        }
        found.append("/usr/bin/python3")
        let real = found.filter { FileManager.default.isExecutableFile(atPath: $0) }
            .compactMap { try? PythonInterpreter.resolve($0) }
        return real.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }()

    func tracks(_ recording: Recording, named prefix: String) -> [Track] {
        recording.tracks.filter { $0.info.name.hasPrefix(prefix) }
    }

    func slices(_ track: Track, _ recording: Recording, _ state: WorkerState) -> [Track.Slice] {
        track.slices(until: recording.end).filter { $0.state == state && $0.end > $0.start }
    }

    static let spinners = """
        import threading
        def spin(n):
            x = 0
            for i in range(n):
                x += i
        threads = [threading.Thread(target=spin, args=(10_000_000,), name=f"spinner-{k}") for k in range(2)]
        for t in threads: t.start()
        for t in threads: t.join()
        print("done")
        """

    /// Two CPU-bound threads take turns for the GIL: each is seen waiting for it, and never are
    /// both drawn computing at once. (Sampled R alone would show both computing in about one
    /// sample in six around the hand-offs; the lanes attribute those samples to the holder,
    /// so the tolerance is none.)
    @Test(arguments: pythons)
    func twoPythonThreadsTakeTurnsForTheGIL(python: String) throws {
        let (recording, outcome) = try observe(Self.spinners, python: python)
        let spinners = tracks(recording, named: "spinner-")
        #expect(spinners.count == 2, "\(recording.tracks.map(\.info.name))")
        for track in spinners {
            #expect(!slices(track, recording, .waitingGIL).isEmpty, "\(track.info.name) waited for the GIL")
            #expect(!slices(track, recording, .running).isEmpty, "\(track.info.name) computed")
        }
        let ids = Set(spinners.map(\.info.id))
        #expect(TraceAnalysis.maxConcurrency(recording, in: [.running, .holdingLock], among: { ids.contains($0.info.id) }) == 1)
        #expect(outcome.values["max_running_at_once"] == 1)
        #expect((outcome.values["gil_wait_share"] ?? 0) > 0.2, "\(outcome.result)")
        #expect(recording.output.map(\.text) == ["done"])
    }

    /// The GIL is found in the interpreter itself: a thread blocked in futex on an address
    /// inside `_PyRuntime`, read from the ELF symbols of the running python and /proc.
    @Test(arguments: pythons)
    func aGILWaitIsAFutexInsidePyRuntime(python: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-gil-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("spin.py").path
        try Self.spinners.replacingOccurrences(of: "10_000_000", with: "300_000_000").write(toFile: file, atomically: true, encoding: .utf8)
        let child = try ChildProcess.spawn(python, [file], environment: [:])
        defer {
            child.sendSignal(SIGKILL)
            _ = child.reap()
        }
        var cache: [String: PythonRuntime.Definition?] = [:]
        var runtime: PythonRuntime?
        let interpreter = child.pid
        #expect(eventually {
            runtime = PythonRuntime.find(in: interpreter, cache: &cache)
            return runtime != nil
        }, "_PyRuntime found in the maps of \(interpreter)")
        let runtimeRange = try #require(runtime)
        var sawGILWait = false
        #expect(eventually(within: 20) {
            for tid in ProcessTree.threads(of: interpreter) {
                guard let sample = ProcThread(pid: interpreter, tid: tid)?.sample(),
                      let call = sample.syscall, call.number == ThreadClassifier.futex else { continue }
                if runtimeRange.contains(call.argument) { sawGILWait = true }
            }
            return sawGILWait
        })
    }

    /// Two processes named worker-0 and worker-1, each counting to `count`.
    static func twoSpinningProcesses(_ count: Int) -> String {
        """
        import multiprocessing as mp
        def spin(n):
            x = 0
            for i in range(n):
                x += i
        if __name__ == "__main__":
            workers = [mp.Process(target=spin, args=(\(count),), name=f"worker-{k}") for k in range(2)]
            for w in workers: w.start()
            for w in workers: w.join()
        """
    }

    /// Two processes do the same work at the same time, on two CPUs.
    @Test func twoProcessesComputeAtOnce() throws {
        let (recording, _) = try observe(Self.twoSpinningProcesses(6_000_000))
        let workers = tracks(recording, named: "worker-")
        #expect(workers.count == 2, "\(recording.tracks.map(\.info.name))")
        let root = recording.tracks.first { $0.info.name == "MainThread" }?.info.pid
        #expect(workers.allSatisfy { $0.info.kind == .process && $0.info.pid != root && $0.info.pid != getpid() })
        #expect(Set(workers.map(\.info.pid)).count == 2)
        let ids = Set(workers.map(\.info.id))
        #expect(TraceAnalysis.maxConcurrency(recording, in: [.running], among: { ids.contains($0.info.id) }) == 2)
        // Each ran on a CPU the per-core view can name. (Which CPUs, and for how much of the
        // run at once, depends on what else the machine does: that is for the bench.)
        #expect(workers.allSatisfy { slices($0, recording, .running).contains { $0.cpu >= 0 } })
    }

    /// On a machine this test keeps busy (a spinning process more than the CPUs the program
    /// may use), the program's processes wait for a CPU, as schedstat measures: the run says the
    /// machine was busy, and flags its wall time and every figure made from it, so no
    /// prediction is judged on them. Load can only hide parallelism, so the most computing at
    /// once is flagged only when fewer computed together than wanted to.
    @Test func onABusyMachineAProgramsWallClockFiguresAreFlagged() throws {
        // Other programs: spinning processes of the test's own, not reaped during the run.
        let python = try PythonInterpreter.resolve("python3")
        let spinners = try (0...UsableCPUs.count).map { _ in try ChildProcess.spawn(python, ["-c", "while True: pass"], environment: [:]) }
        defer { for spinner in spinners { spinner.reap(terminatingWithGrace: 1) } }
        let (_, outcome) = try observe(Self.twoSpinningProcesses(4_000_000))
        let share = try #require(outcome.values["cpu_wait_share"])
        #expect(share > ObservedProgramDemo.busyWaitShare, "with \(UsableCPUs.count + 1) spinners its threads waited only \(share)")
        #expect(outcome.unreliable.isSuperset(of: ObservedProgramDemo.wallClockMeasures.subtracting(["max_running_at_once"])))
        // Load can only hide parallelism: a run in which both computed together never has that
        // figure flagged. (Whether a run with fewer at once is flagged depends on the sampler
        // having seen both wanting a CPU at one instant, which a machine this loaded, under
        // ThreadSanitizer, does not always allow.)
        let atOnce = try #require(outcome.values["max_running_at_once"])
        if atOnce >= 2 { #expect(!outcome.unreliable.contains("max_running_at_once"), "\(atOnce) at once, \(outcome.unreliable)") }
        #expect(outcome.caution?.hasPrefix("a busy machine: other programs used") == true, "\(outcome.caution ?? "")")
        #expect(outcome.result.hasSuffix("[busy]"), "\(outcome.result)")
    }

    /// Which figures a run flags, by how it ran: the rule the busy-machine test above can only
    /// sample, each way.
    @Test func theFlaggedFiguresFollowHowTheRunWent() {
        let wallClock = ObservedProgramDemo.wallClockMeasures
        #expect(ObservedProgramDemo.flagged(stepped: false, busy: false, mostRunning: 1, mostWanting: 2).isEmpty)
        #expect(ObservedProgramDemo.flagged(stepped: true, busy: false, mostRunning: 2, mostWanting: 2) == wallClock)
        // Busy, and fewer computed together than wanted to: load may have hidden parallelism.
        #expect(ObservedProgramDemo.flagged(stepped: false, busy: true, mostRunning: 1, mostWanting: 2) == wallClock)
        // Busy, but all that wanted a CPU at once had one: the most at once stands.
        #expect(ObservedProgramDemo.flagged(stepped: false, busy: true, mostRunning: 2, mostWanting: 2)
                == wallClock.subtracting(["max_running_at_once"]))
        #expect(ObservedProgramDemo.flagged(stepped: false, busy: true, mostRunning: 1, mostWanting: 1)
                == wallClock.subtracting(["max_running_at_once"]))
    }

    /// A thread holds a lock across a sleep while another waits for it: the holder is drawn
    /// holding it, then sleeping; the waiter waiting for the lock, by its name, about as long.
    @Test func aLockHeldAcrossASleepMakesTheOtherWait() throws {
        let (recording, _) = try observe("""
            import threading, time
            counter_lock = threading.Lock()
            held = threading.Event()
            def holder():
                with counter_lock:
                    held.set()
                    time.sleep(0.3)
            def waiter():
                held.wait()
                with counter_lock:
                    pass
            a = threading.Thread(target=holder, name="holder")
            b = threading.Thread(target=waiter, name="waiter")
            a.start(); b.start(); a.join(); b.join()
            """)
        let holder = try #require(tracks(recording, named: "holder").first)
        let waiter = try #require(tracks(recording, named: "waiter").first)
        // (Events, not slices: on a loaded machine the probe's word may come a sample late, and
        // a hold of microseconds then has no length of its own.)
        let held = try #require(holder.events.first { $0.state == .holdingLock && recording.name(of: $0.object) == "counter_lock" })
        let slept = slices(holder, recording, .sleeping).filter { $0.start >= held.time }.reduce(0) { $0 + $1.duration }
        // Sampled, the sleep starts at the first sample that sees it: how late that is depends
        // on the machine, so only that it slept is judged. The wait is timed by the probe.
        #expect(slept > 0, "then slept, holding it")
        let waits = slices(waiter, recording, .waitingLock).filter { recording.name(of: $0.object) == "counter_lock" }
        #expect(waits.reduce(0) { $0 + $1.duration } >= 100_000_000, "waited for counter_lock: \(waits.map(\.duration))")
        // Then it took the lock, for microseconds (as long as `pass` takes): an event, maybe no slice.
        #expect(waiter.events.contains { $0.state == .holdingLock && recording.name(of: $0.object) == "counter_lock"
            && $0.time >= (waits.last?.end ?? .max) }, "\(waiter.events.map { "\($0.time) \($0.kind) \($0.state.map(String.init(describing:)) ?? "") \(recording.name(of: $0.object) ?? "")" }) waits \(waits)")
    }

    /// The locks lesson's race: reading, then `time.sleep(0)`, then writing loses updates, and
    /// each of the four threads has its lane. (Which thread read and wrote when is finer than
    /// a 1 kHz sample, and the whole race may be over within a few samples on a slow build:
    /// the lost updates are the proof of the interleaving; stepping the threads line by line
    /// is a later step.)
    @Test func theLessonsSleepZeroRaceLosesUpdates() throws {
        let lesson = try String(contentsOf: Self.root.appendingPathComponent("Lessons/04-locks.md"), encoding: .utf8)
        let block = try #require(Self.pythonBlocks(lesson).first { $0.contains("time.sleep(0)") })
        let (recording, _) = try observe(block)
        let line = try #require(recording.output.last?.text)
        let numbers = line.split { !$0.isNumber }.compactMap { Int($0) }
        try #require(numbers.count >= 2, "printed: \(line)")
        #expect(numbers[0] < numbers[1], "the printed counter \(numbers[0]) is below the \(numbers[1]) expected")
        let workers = recording.tracks.filter { $0.info.name.contains("add_detections") }
        #expect(workers.count == 4)
    }

    static func pythonBlocks(_ lesson: String) -> [String] {
        lesson.components(separatedBy: "```python\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
    }

    static let poolScript = """
        import sys, glob, os
        import numpy as np
        from multiprocessing import Pool
        def period(path):
            t, y, dy = np.loadtxt(path, unpack=True)
            freqs = np.linspace(0.05, 10, int(sys.argv[2]))
            power = [abs(np.sum((y - y.mean()) * np.exp(-2j * np.pi * f * t))) for f in freqs]
            return os.path.basename(path), 1 / freqs[int(np.argmax(power))]
        if __name__ == "__main__":
            files = sorted(glob.glob(os.path.join(sys.argv[1], "*.lc")))
            with Pool(2) as pool:
                for name, p in pool.imap_unordered(period, files):
                    print(f"{name} {p:.4f}")
        """

    /// A Pool of two over the sample light curves: every task's start and end is recorded by
    /// the two worker processes (not the parent), results come in completion order, and nothing
    /// of the program is left running.
    @Test func aPoolOfTwoOverTheSampleCurves() throws {
        let curves = Self.root.appendingPathComponent("Lessons/data/lightcurves").path
        let files = try FileManager.default.contentsOfDirectory(atPath: curves).filter { $0.hasSuffix(".lc") }
        let (recording, outcome) = try observe(Self.poolScript, arguments: [curves, "200"])
        #expect(outcome.values["exit_status"] == 0, "\(outcome.result) \(recording.output.suffix(5).map(\.text))")
        let workers = recording.tracks.filter { $0.info.name.hasPrefix("ForkPoolWorker") || $0.info.name.hasPrefix("SpawnPoolWorker") }
        #expect(workers.count == 2, "\(recording.tracks.map(\.info.name))")
        let root = try #require(recording.tracks.first { $0.info.name == "MainThread" }).info.pid
        #expect(Set(workers.map(\.info.pid)).count == 2 && workers.allSatisfy { $0.info.pid != root })
        let starts = workers.flatMap { $0.instants.filter { $0.instant == .consume } }
        let ends = workers.flatMap { $0.instants.filter { $0.instant == .result } }
        #expect(starts.count == files.count && ends.count == files.count, "\(starts.count) starts, \(ends.count) ends")
        #expect(Set(starts.compactMap { recording.name(of: $0.object) }).count == files.count, "each file once")
        let printed = recording.output.map(\.text).filter { $0.hasSuffix(".lc") == false && $0.contains(".lc ") }
        #expect(printed.count == files.count, "one result per file, as they completed")
        #expect(recording.output.map(\.time) == recording.output.map(\.time).sorted())
        let helpers = recording.tracks.map(\.info.name).filter { $0.hasPrefix("Pool: ") }
        #expect(Set(helpers) == ["Pool: keeps workers", "Pool: hands out tasks", "Pool: collects results"])
        let program = Set(recording.tracks.map(\.info.pid)).subtracting([getpid()])
        #expect(program.allSatisfy { !(ProcessStat(pid: $0)?.isAlive ?? false) }, "nothing left running")
    }

    /// The probe changes nothing a program can tell: the classes stay classes, a lock copies
    /// and pickles as a real one (not at all), `wait_for` waits its whole time, the last line
    /// without a newline is output too, a Pool works under spawn (its worker pickles), and a
    /// student's own `queue.py` is theirs.
    @Test func theProbeChangesNothingAProgramCanTell() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-probe-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            import copy, pickle, sys, threading, time
            import multiprocessing as mp
            def square(x):
                return x * x
            class Slots(threading.BoundedSemaphore):
                pass
            if __name__ == "__main__":
                mp.set_start_method("spawn")
                print("event", isinstance(threading.Event(), threading.Event))
                slots = Slots(2)
                with slots:
                    pass
                lock = threading.Lock()
                for make in (copy.copy, pickle.dumps):
                    try:
                        make(lock)
                    except TypeError as error:
                        print("refused", error)
                ready = threading.Condition()
                flag = []
                def later():
                    time.sleep(0.3)
                    flag.append(1)
                    with ready:
                        ready.notify_all()
                threading.Thread(target=later).start()
                start = time.monotonic()
                with ready:
                    print("wait_for", ready.wait_for(lambda: flag, timeout=5), time.monotonic() - start >= 0.25)
                with mp.Pool(2) as pool:
                    print("pool", sorted(pool.map(square, range(4))))
                sys.stdout.write("the end")
            """.write(to: folder.appendingPathComponent("program.py"), atomically: true, encoding: .utf8)
        let run = try DemoRun.start(ObservedProgramDemo(command: [try PythonInterpreter.resolve("python3"),
                                                                  folder.appendingPathComponent("program.py").path],
                                                        captured: true, workingDirectory: folder.path),
                                    parameters: ParameterValues([]), mode: .fast)
        guard case .completed(let outcome, _) = run.wait() else { throw Failure(description: "did not complete") }
        let recording = run.recorder.snapshot()
        let printed = recording.output.map(\.text)
        #expect(outcome.values["exit_status"] == 0, "\(printed)")
        #expect(printed.contains("event True"))
        #expect(printed.filter { $0 == "refused cannot pickle '_thread.lock' object" }.count == 2, "\(printed)")
        #expect(printed.contains("wait_for [1] True") && printed.contains("pool [0, 1, 4, 9]"))
        #expect(printed.last == "the end")
        let starts = recording.tracks.flatMap { $0.instants.filter { $0.instant == .consume } }
        #expect(starts.count == 4, "each task's start, in spawned workers")
        #expect(recording.objects.contains("slots") && recording.objects.contains("ready"))

        // A module of the student's named as one of Python's (the probe imports none it need
        // not before the program runs).
        try "X = 'mine'\n".write(to: folder.appendingPathComponent("queue.py"), atomically: true, encoding: .utf8)
        let (shadowed, _) = try observe("import sys; sys.path.insert(0, sys.argv[1]); import queue; print(queue.X)",
                                        arguments: [folder.path])
        #expect(shadowed.output.map(\.text) == ["mine"])
    }

    /// Cancelling mid-run ends the program and every process it started.
    @Test func cancellingEndsTheWholeTree() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-cancel-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pool.py").path
        try Self.poolScript.write(toFile: file, atomically: true, encoding: .utf8)
        let curves = Self.root.appendingPathComponent("Lessons/data/lightcurves").path
        let run = try DemoRun.start(ObservedProgramDemo(command: [try PythonInterpreter.resolve("python3"), file, curves, "200000"],
                                                        captured: true),
                                    parameters: ParameterValues([]), mode: .fast)
        var pids: Set<Int32> = []
        #expect(eventually(within: 30) {
            let tracks = run.recorder.snapshot().tracks
            pids = Set(tracks.map(\.info.pid)).subtracting([getpid()])
            return tracks.filter { $0.info.name.hasPrefix("ForkPoolWorker") }.count == 2
        })
        run.cancel()
        #expect(run.wait() == .cancelled)
        #expect(pids.count >= 3)
        #expect(pids.allSatisfy { !(ProcessStat(pid: $0)?.isAlive ?? false) }, "left: \(pids.filter { ProcessStat(pid: $0)?.isAlive ?? false })")
        #expect(pids.allSatisfy { kill($0, 0) != 0 }, "and reaped: \(pids.filter { kill($0, 0) == 0 }.map { ($0, ProcText.read("/proc/\($0)/stat") ?? "") })")
    }
}
