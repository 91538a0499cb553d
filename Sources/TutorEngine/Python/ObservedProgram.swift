import Foundation
#if canImport(Glibc)
import Glibc
#endif
import CTutorSystem

/// A program tutor runs as its child and watches from outside: every thread of every process
/// in its tree, sampled from /proc about a thousand times a second, merged with what the
/// Python probe reports (thread names, lock waits and holds, output, Pool tasks), recorded as
/// the lanes of a `Recorder` like any demo.
///
/// `run` blocks until the program and every process it started have ended, or until the run
/// is cancelled: then the whole tree gets SIGTERM, SIGKILL after a grace period, and is
/// reaped. tutor makes itself the reaper of orphans first, so a grandchild whose parent died
/// is still found and stopped. Nothing is left behind: no process, no temporary file.
final class ObservedProgram {
    /// How the program's standard streams are connected.
    enum Output {
        /// tutor's own: the program prints straight to the terminal (`tutor run`).
        case inherited
        /// Captured: its lines (as the probe reports them) and its errors go to the recording.
        case captured
    }

    struct Summary {
        var exitStatus: Int32
        var wall: UInt64
        /// CPU time of every thread of the tree, exact (schedstat).
        var cpu: UInt64
        /// The most threads computing in one sample.
        var mostRunning: Int
        /// Thread-time spent waiting for the GIL, of the time threads wanted a CPU (running,
        /// holding, or waiting for the GIL).
        var gilWaitShare: Double
        var samples: Int
        /// The sampler's own CPU time per thread sampled.
        var samplerNanosecondsPerThreadSample: Double
        var lastPrinted: String?
        /// Whether `_PyRuntime` was found, so GIL waits could be told from other waits.
        var sawPythonRuntime: Bool
        /// The Python version the probe reported, and whether any process had no GIL.
        var pythonVersion: String?
        var freeThreaded: Bool
    }

    static let sampleInterval: UInt64 = 1_000_000
    /// Threads and processes are listed anew every this many samples (a thread the probe
    /// reports is sampled from its first record on).
    static let discoveryEvery = 20
    /// How long a thread counts as a GIL contender after it was last seen waiting for it.
    static let contenderMemory: UInt64 = 200_000_000
    /// How long a new thread of a CPython process counts as one of Python's before the probe
    /// names it: a thread takes the GIL before it runs the probe's first line, and a library's
    /// own thread (BLAS) is never named.
    static let unnamedGrace: UInt64 = 100_000_000
    static let terminationGrace = 0.5

    private let context: DemoContext
    private let command: [String]
    private let output: Output
    private var lanes: [Key: Lane] = [:]
    private var last: [Key: (verdict: ThreadClassifier.Verdict, time: UInt64, cpu: Int32)] = [:]
    private var threads: [Key: ProcThread] = [:]
    private var cpuSeen: [Key: UInt64] = [:]
    private var probeStates: [Key: ProbeThreadState] = [:]
    private var names: [Key: String] = [:]
    private var processNames: [Int32: String] = [:]
    private var runtimes: [Int32: PythonRuntime] = [:]
    private var runtimeLookups: [Int32: Int] = [:]
    /// Listings after which a process is taken not to be CPython.
    static let runtimeLookupLimit = 50
    private var definitions: [String: PythonRuntime.Definition?] = [:]
    private var holders: [Int32: Int32] = [:]
    private var lastGILWait: [Key: UInt64] = [:]
    private var firstSeen: [Key: UInt64] = [:]
    /// Processes the probe has spoken from: they run CPython.
    private var probed: Set<Int32> = []
    /// Threads the probe reported: they run Python, so they need the GIL to compute.
    private var pythonThreads: Set<Key> = []
    /// Processes whose interpreter has no GIL (a free-threaded build): nothing is attributed.
    private var freeThreaded: Set<Int32> = []
    private var pythonVersion: String?
    private var seenProcesses: Set<Int32> = []
    private var stateTime: [WorkerState: UInt64] = [:]
    private var mostRunning = 0
    private var lastPrinted: String?

    private struct Key: Hashable {
        var pid: Int32
        var tid: Int32
    }

    private struct Lane {
        var id: Int
        var lane: TutorEngine.Lane
    }

    private let workingDirectory: String?

    init(context: DemoContext, command: [String], output: Output, workingDirectory: String? = nil) {
        self.context = context
        self.command = command
        self.output = output
        self.workingDirectory = workingDirectory
    }

    /// Runs the program to its end (or until cancelled) and says what it did.
    func run() throws -> Summary {
        let probe = try ProbeFolder()
        defer { probe.remove() }
        tutor_become_subreaper()
        var environment = [
            "PYTHONPATH": probe.path + (ProcessInfo.processInfo.environment["PYTHONPATH"].map { ":" + $0 } ?? ""),
            "TUTOR_PROBE_FILE": probe.records, "TUTOR_PARENT_PID": "\(getpid())",
        ]
        // Captured, the program's lines reach the recording through the probe (with the thread
        // that wrote them); its standard output itself goes nowhere, its errors to the pipe.
        if output == .captured { environment["TUTOR_PROBE_STDOUT"] = "report-only" }
        guard let executable = command.first else { throw EngineError.programStart("nothing", EINVAL) }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(executable, Array(command.dropFirst()), environment: environment,
                                           streams: output == .inherited ? .inherited : .pipes,
                                           workingDirectory: workingDirectory)
        } catch EngineError.spawn(_, let code) {
            throw EngineError.programStart(executable, code)
        }
        seenProcesses.insert(child.pid)
        let errors = output == .captured ? captureErrors(of: child) : nil
        let records = ProbeFile(path: probe.records)
        let started = MonotonicClock.now()
        let samplerStart = Self.threadCPUTime()
        var samples = 0, threadSamples = 0
        var exitStatus: Int32?
        var tick = started
        child.closeInput()
        context.pacer.onCancel { child.signalGroup(SIGTERM) }
        while true {
            if samples % Self.discoveryEvery == 0 { discover(root: child.pid) }
            threadSamples += sample(at: tick) { apply(records.newRecords(), root: child.pid) }
            samples += 1
            if exitStatus == nil, let ended = child.reapIfEnded() { exitStatus = Self.status(ended) }
            if exitStatus != nil, !seenProcesses.contains(where: ProcessTree.isAlive) { break }
            if context.pacer.isCancelled {
                stop(child)
                break
            }
            tick += Self.sampleInterval
            let now = MonotonicClock.now()
            if tick < now { tick = now } else { Self.sleep(until: tick) }
        }
        let end = MonotonicClock.now()
        reapAll(group: child.pid)
        apply(records.newRecords(), root: child.pid)
        errors?.join()
        for key in lanes.keys { record(key, ThreadClassifier.Verdict(state: .done, object: nil), at: end, cpu: -1) }
        if context.pacer.isCancelled { throw DemoCancelled() }
        let gilWait: UInt64 = stateTime[.waitingGIL] ?? 0
        let wanting: UInt64 = [WorkerState.running, .holdingLock, .holdingSemaphore].reduce(gilWait) { $0 + (stateTime[$1] ?? 0) }
        return Summary(exitStatus: exitStatus ?? -1, wall: end - started, cpu: cpuSeen.values.reduce(0, +),
                       mostRunning: mostRunning,
                       gilWaitShare: wanting > 0 ? Double(gilWait) / Double(wanting) : 0,
                       samples: samples,
                       samplerNanosecondsPerThreadSample: Double(Self.threadCPUTime() - samplerStart) / Double(max(threadSamples, 1)),
                       lastPrinted: lastPrinted, sawPythonRuntime: !runtimes.isEmpty, pythonVersion: pythonVersion,
                       freeThreaded: !freeThreaded.isEmpty)
    }

    // MARK: Finding the tree

    /// Lists the tree's processes and threads: new ones get a lane. (A vanished one is found
    /// done by its next sample, once the probe's last word on it has been read.)
    private func discover(root: Int32) {
        for (pid, tids) in ProcessTree.tree(below: root) {
            seenProcesses.insert(pid)
            // The interpreter is mapped within milliseconds of the start; a program that is
            // not CPython is not searched for ever.
            if runtimes[pid] == nil, runtimeLookups[pid, default: 0] < Self.runtimeLookupLimit {
                runtimeLookups[pid, default: 0] += 1
                if let runtime = PythonRuntime.find(in: pid, cache: &definitions) { runtimes[pid] = runtime }
            }
            for tid in tids { watch(Key(pid: pid, tid: tid), root: root) }
        }
    }

    /// Gives a thread its lane, and keeps its /proc files open for sampling.
    private func watch(_ key: Key, root: Int32) {
        if lanes[key] == nil {
            seenProcesses.insert(key.pid)
            addLane(key, root: root)
        }
        if threads[key] == nil, let thread = ProcThread(pid: key.pid, tid: key.tid) {
            threads[key] = thread
            firstSeen[key] = MonotonicClock.now()
        }
    }

    private func addLane(_ key: Key, root: Int32) {
        let isMain = key.pid == key.tid
        let name = names[key] ?? (isMain ? processNames[key.pid] : nil)
            ?? (isMain ? (key.pid == root ? "MainThread" : ProcessTree.name(of: key.pid) ?? "process") : "thread \(key.tid)")
        let (id, lane) = context.recorder.addWorker(name: name, kind: isMain && key.pid != root ? .process : .thread,
                                                    pid: key.pid, tid: key.tid)
        lanes[key] = Lane(id: id, lane: lane)
    }

    // MARK: What the probe says

    private func apply(_ records: [ProbeRecord], root: Int32) {
        for record in records {
            let key = Key(pid: record.pid, tid: record.tid)
            // The probe may speak of a thread before /proc is listed again: it exists, so it
            // gets its lane now and nothing it reported is lost.
            if lanes[key] == nil { watch(key, root: root) }
            if probed.insert(key.pid).inserted, runtimes[key.pid] == nil {
                // The probe runs once the interpreter is up, so it is mapped by now.
                if let runtime = PythonRuntime.find(in: key.pid, cache: &definitions) { runtimes[key.pid] = runtime }
            }
            switch record.what {
            case .thread(let name):
                pythonThreads.insert(key)
                rename(key, Self.friendly(name))
            case .process(let name):
                guard name != "forked" else { continue }
                processNames[record.pid] = name
                rename(key, name)
            // Waits and holds change the thread's state at the probe's exact time; the samples
            // that follow keep it, or show it sleeping or waiting for the GIL meanwhile.
            case .wait(let kind, let object):
                probeStates[key, default: ProbeThreadState()].waiting = (kind, object)
                self.record(key, ThreadClassifier.waiting(kind, object), at: record.time, cpu: -1)
            case .acquired(let kind, let object):
                probeStates[key, default: ProbeThreadState()].waiting = nil
                probeStates[key, default: ProbeThreadState()].holding.append((kind, object))
                mark(key, .acquire, object, at: record.time)
                self.record(key, ThreadClassifier.holding(kind, object), at: record.time, cpu: -1)
            case .gaveUp:
                probeStates[key, default: ProbeThreadState()].waiting = nil
                self.record(key, ThreadClassifier.Verdict(state: .running, object: nil), at: record.time, cpu: -1)
            case .released(_, let object):
                if let index = probeStates[key]?.holding.lastIndex(where: { $0.object == object }) {
                    probeStates[key]?.holding.remove(at: index)
                }
                mark(key, .release, object, at: record.time)
                let still = probeStates[key]?.holding.last
                self.record(key, still.map { ThreadClassifier.holding($0.kind, $0.object) }
                    ?? ThreadClassifier.Verdict(state: .running, object: nil), at: record.time, cpu: -1)
            case .notify(let object):
                mark(key, .notify, object, at: record.time)
            case .woke(let object):
                probeStates[key]?.waiting = nil
                mark(key, .wake, object, at: record.time)
                self.record(key, ThreadClassifier.Verdict(state: .running, object: nil), at: record.time, cpu: -1)
            case .python(let version, let gil):
                pythonVersion = pythonVersion ?? version
                if !gil { freeThreaded.insert(record.pid) }
            case .print(let text):
                lastPrinted = text
                if output == .captured, let lane = lanes[key] { context.recorder.print(text, by: lane.id, at: record.time) }
            case .taskStart(let task):
                mark(key, .consume, task, at: record.time)
            case .taskEnd:
                mark(key, .result, "", at: record.time)
            }
        }
    }

    private func rename(_ key: Key, _ name: String) {
        names[key] = name
        if let lane = lanes[key] { context.recorder.rename(lane.id, to: name) }
    }

    /// A Pool's helper threads by what they do (Python names them after their functions).
    static func friendly(_ name: String) -> String {
        for (function, role) in [("_handle_workers", "Pool: keeps workers"), ("_handle_tasks", "Pool: hands out tasks"),
                                 ("_handle_results", "Pool: collects results")] where name.contains(function) {
            return role
        }
        return name
    }

    private func mark(_ key: Key, _ kind: InstantKind, _ object: String, at time: UInt64) {
        guard let lane = lanes[key] else { return }
        let id = object.isEmpty ? ObjectID.none : context.recorder.object(object)
        lane.lane.append(Event(time: ordered(key, time), kind: .instant, code: kind.rawValue, object: id, value: 0, cpu: -1))
    }

    // MARK: Sampling

    /// Samples every known thread once; returns how many were read. `readProbe` runs between
    /// reading /proc and judging what was read, so that what the probe wrote before a thread
    /// was sampled (its name, a lock it took) is known when the sample is classified.
    private func sample(at time: UInt64, readProbe: () -> Void) -> Int {
        var verdicts: [Key: ThreadClassifier.Verdict] = [:]
        var cpus: [Key: Int32] = [:]
        var gained: [Key: UInt64] = [:]
        var samples: [Key: ThreadSample] = [:]
        var ended: [Key] = []
        for (key, thread) in threads {
            guard let sample = thread.sample() else {
                ended.append(key)
                continue
            }
            samples[key] = sample
        }
        readProbe()
        // Those that ended since the last sample are done after what the probe last said of
        // them, and their last state does not outlive them.
        for key in ended {
            threads[key] = nil
            record(key, ThreadClassifier.Verdict(state: .done, object: nil), at: time, cpu: -1)
        }
        for (key, sample) in samples {
            let verdict = ThreadClassifier.classify(sample, runtime: runtimes[key.pid], probe: probeStates[key])
            verdicts[key] = verdict
            cpus[key] = sample.cpu
            gained[key] = sample.cpuTime &- (cpuSeen[key] ?? sample.cpuTime)
            cpuSeen[key] = sample.cpuTime
            if verdict.state == .waitingGIL { lastGILWait[key] = time }
        }
        // Per process: which busy threads contend for its GIL (only where two or more do is
        // there anything to attribute).
        var busyContenders: [Int32: [Int32]] = [:]
        for (key, verdict) in verdicts where verdict.state.isBusy && !freeThreaded.contains(key.pid) {
            // (Seen first during this very pass, a thread's first time may be after `time`.)
            let newborn = firstSeen[key].map { $0 >= time || time - $0 < Self.unnamedGrace } ?? false
            let python = runtimes[key.pid] != nil || probed.contains(key.pid)
            let contends = (python && (pythonThreads.contains(key) || newborn))
                || (lastGILWait[key].map { $0 >= time || time - $0 < Self.contenderMemory } ?? false)
            if contends { busyContenders[key.pid, default: []].append(key.tid) }
        }
        for (pid, tids) in busyContenders {
            guard tids.count > 1 else {
                holders[pid] = tids.first
                continue
            }
            var mine = Dictionary(uniqueKeysWithValues: tids.map { ($0, verdicts[Key(pid: pid, tid: $0)]!) })
            holders[pid] = ThreadClassifier.attributeGIL(&mine, contenders: Set(tids), previousHolder: holders[pid],
                                                         cpuGained: Dictionary(uniqueKeysWithValues: tids.map { ($0, gained[Key(pid: pid, tid: $0)] ?? 0) }))
            for (tid, verdict) in mine { verdicts[Key(pid: pid, tid: tid)] = verdict }
        }
        mostRunning = max(mostRunning, verdicts.values.filter { $0.state.isBusy }.count)
        for (key, verdict) in verdicts { record(key, verdict, at: time, cpu: cpus[key] ?? -1) }
        return verdicts.count
    }

    /// Records `verdict` for the thread if it changed, and adds the time since its last change
    /// to the state it was in.
    private func record(_ key: Key, _ verdict: ThreadClassifier.Verdict, at time: UInt64, cpu: Int32) {
        guard let lane = lanes[key] else { return }
        // A new event when the state changes, or when the thread moved to another CPU (the
        // per-core view draws each slice on the CPU its event names).
        if let previous = last[key], previous.verdict.state == .done
            || (previous.verdict == verdict && (cpu < 0 || cpu == previous.cpu)) { return }
        let at = ordered(key, time)
        if let previous = last[key] { stateTime[previous.verdict.state, default: 0] += at - previous.time }
        last[key] = (verdict, at, cpu >= 0 ? cpu : (last[key]?.cpu ?? -1))
        let object = verdict.object.map(context.recorder.object) ?? .none
        lane.lane.append(Event(time: at, kind: .state, code: verdict.state.rawValue, object: object, value: 0, cpu: cpu))
    }

    private var latest: [Key: UInt64] = [:]

    /// `time`, or the lane's latest time if that is later: a probe record read after a sample
    /// may carry an earlier time, and a lane's times never go backwards.
    private func ordered(_ key: Key, _ time: UInt64) -> UInt64 {
        let kept = max(time, latest[key] ?? 0)
        latest[key] = kept
        return kept
    }

    // MARK: Ending

    /// SIGTERM to the whole tree, SIGKILL to what is left after the grace period; returns once
    /// every process of it has ended and has been reaped (by tutor, for the orphans).
    private func stop(_ child: ChildProcess) {
        for (signal, grace) in [(SIGTERM, Self.terminationGrace), (SIGKILL, 5.0)] {
            child.signalGroup(signal)
            for pid in seenProcesses where ProcessTree.isAlive(pid) { kill(pid, signal) }
            let due = MonotonicClock.now() + UInt64(grace * 1e9)
            while MonotonicClock.now() < due, seenProcesses.contains(where: ProcessTree.isAlive) {
                _ = child.reapIfEnded()
                reapOrphans()
                usleep(5_000)
            }
        }
        _ = child.reap()
    }

    /// Waits (a few seconds at most) until no process of the program is left unreaped: those
    /// that became tutor's children when their parent ended are reaped here.
    private func reapAll(group: Int32) {
        let due = MonotonicClock.now() + 5_000_000_000
        repeat {
            // Those that lived and died between two listings are found by their group.
            seenProcesses.formUnion(ProcessTree.zombies(childrenOf: getpid(), inGroup: group))
            reapOrphans()
            let unreaped = seenProcesses.filter { pid in
                guard let stat = ProcText.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
                let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
                return fields.count > 1 && (fields[0] != "Z" || fields[1] == "\(getpid())")
            }
            if unreaped.isEmpty { return }
            usleep(2_000)
        } while MonotonicClock.now() < due
    }

    /// Reaps the program's processes that became tutor's children when their parent died.
    private func reapOrphans() {
        for pid in seenProcesses {
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
        }
    }

    /// Reads what the program writes to its standard error (a traceback, a warning) into the
    /// output, as from its main thread (worker 0, the first lane: the program's own).
    private func captureErrors(of child: ChildProcess) -> OSThread? {
        let recorder = context.recorder
        let thread = OSThread { while let line = child.readLine() { recorder.print(line, by: 0) } }
        try? thread.start()
        return thread
    }

    private static func status(_ termination: ChildProcess.Termination) -> Int32 {
        switch termination {
        case .exited(let code): code
        case .signalled(let number): 128 + number
        }
    }

    private static func sleep(until time: UInt64) {
        var due = timespec(tv_sec: Int(time / 1_000_000_000), tv_nsec: Int(time % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, nil) == EINTR {}
    }

    private static func threadCPUTime() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
