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
        /// CPU time of every thread tutor sampled, from schedstat.
        var cpu: UInt64
        /// Their time ready to run but kept from a CPU (schedstat): by other programs, or by
        /// the program's own threads when more wanted a CPU than there were.
        var cpuWait: UInt64
        /// The share of all CPUs' time other programs used meanwhile (`OtherLoad`): what says
        /// whether the waits were the machine's doing.
        var othersShare: Double
        /// The most threads computing in one sample: busy, and on a CPU since the sample before.
        var mostRunning: Int
        /// The most threads that wanted a CPU in one sample (busy, the GIL's one holder per
        /// process counted once), up to the usable CPUs: above `mostRunning`, load held some back.
        var mostWanting: Int
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
        /// tutor ended the program because its threads stood in a cycle of lock waits.
        var endedDeadlocked = false
    }

    static let sampleInterval: UInt64 = 1_000_000
    /// How long the threads' lock waits may stand in a cycle before tutor ends the program:
    /// longer than a program that notices its own deadlock needs (a join with a timeout, as in
    /// the deadlock lesson's block), short enough that nobody waits for ever.
    static let deadlockGrace: UInt64 = 5_000_000_000
    /// Samples between looks for a cycle of lock waits.
    static let deadlockEvery = 100
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
    /// How recent a thread's CPU time must have grown for it to count as computing: a few of
    /// the kernel's clock ticks (4 ms at 250 Hz), when it adds a running thread's time.
    static let computingWindow: UInt64 = 15_000_000

    let context: DemoContext
    let command: [String]
    let output: Output
    var lanes: [Key: Lane] = [:]
    var last: [Key: (verdict: ThreadClassifier.Verdict, time: UInt64, cpu: Int32)] = [:]
    var threads: [Key: ProcThread] = [:]
    var cpuSeen: [Key: UInt64] = [:]
    /// Each thread's time ready to run but kept from a CPU by other programs, so far.
    var delaySeen: [Key: UInt64] = [:]
    var probeStates: [Key: ProbeThreadState] = [:]
    var names: [Key: String] = [:]
    var processNames: [Int32: String] = [:]
    var runtimes: [Int32: PythonRuntime] = [:]
    var runtimeLookups: [Int32: Int] = [:]
    /// Listings after which a process is taken not to be CPython.
    static let runtimeLookupLimit = 50
    /// Listings between two searches of /proc for the program's orphans.
    static let orphanSearchEvery = 10
    var definitions: [String: PythonRuntime.Definition?] = [:]
    var holders: [Int32: Int32] = [:]
    var lastGILWait: [Key: UInt64] = [:]
    var firstSeen: [Key: UInt64] = [:]
    /// When each thread's CPU time last grew.
    var lastGain: [Key: UInt64] = [:]
    /// Processes the probe has spoken from: they run CPython.
    var probed: Set<Int32> = []
    /// Threads the probe reported: they run Python, so they need the GIL to compute.
    var pythonThreads: Set<Key> = []
    /// Processes whose interpreter has no GIL (a free-threaded build): nothing is attributed.
    var freeThreaded: Set<Int32> = []
    var pythonVersion: String?
    /// Every process of the program seen so far, by pid and start time: a pid reused by
    /// another process since is not the program's, and is never signalled or waited for.
    var seenProcesses: Set<ProcessIdentity> = []
    /// The program's process group: its own, unless it shares tutor's terminal (`tutor run`).
    var group: Int32 = 0
    var discoveries = 0
    var stateTime: [WorkerState: UInt64] = [:]
    var mostRunning = 0
    var mostWanting = 0
    let usableCPUs = UsableCPUs.count
    var lastPrinted: String?
    /// Each lane's latest event time (`ordered`).
    var latest: [Key: UInt64] = [:]

    struct Key: Hashable {
        var pid: Int32
        var tid: Int32
    }

    struct Lane {
        var id: Int
        var lane: TutorEngine.Lane
    }

    let workingDirectory: String?
    /// Whether its threads wait before each line of the student's code for tutor's pace or
    /// the student's step (`LineGate`); a program that is not stepped runs untraced.
    let stepped: Bool
    var gate: LineGate?
    /// The file name of the program's script, whose lines a held thread's label names bare.
    let scriptName: String
    /// Each held thread's locals as last recorded, by their counters' names.
    var seenValues: [String: Int64] = [:]

    init(context: DemoContext, command: [String], output: Output, workingDirectory: String? = nil, stepped: Bool = false) {
        self.context = context
        self.command = command
        self.output = output
        self.workingDirectory = workingDirectory
        self.stepped = stepped
        scriptName = command.dropFirst().first { $0.hasSuffix(".py") }.map { ($0 as NSString).lastPathComponent } ?? ""
    }

    /// Three descriptors stay open per thread sampled: the soft limit goes up to the hard one,
    /// so a program of hundreds of threads is still seen whole.
    static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Runs the program to its end (or until cancelled) and says what it did.
    func run() throws -> Summary {
        let probe = try ProbeFolder()
        defer { probe.remove() }
        tutor_become_subreaper()
        Self.raiseDescriptorLimit()
        var environment = [
            "PYTHONPATH": probe.path + (ProcessInfo.processInfo.environment["PYTHONPATH"].map { ":" + $0 } ?? ""),
            "TUTOR_PROBE_FILE": probe.records, "TUTOR_PARENT_PID": "\(getpid())",
        ]
        // Captured, the program's lines reach the recording through the probe (with the thread
        // that wrote them); what bypasses sys.stdout (a subprocess's output) and its errors
        // come through the pipe, as the main thread's.
        if output == .captured { environment["TUTOR_PROBE_STDOUT"] = "report-only" }
        if stepped {
            let gate = try LineGate(folder: probe.path)
            environment.merge(gate.environment) { _, new in new }
            self.gate = gate
        }
        defer { gate = nil }
        guard let executable = command.first else { throw EngineError.programStart("nothing", EINVAL) }
        let child: ChildProcess
        do {
            // Sharing the terminal (`tutor run`), the program stays in tutor's foreground
            // process group, so that it may read the terminal (input()) without being stopped.
            child = try ChildProcess.spawn(executable, Array(command.dropFirst()), environment: environment,
                                           streams: output == .inherited ? .inherited : .pipes,
                                           workingDirectory: workingDirectory, ownGroup: output != .inherited)
        } catch EngineError.spawn(_, let code) {
            throw EngineError.programStart(executable, code)
        }
        group = child.leadsGroup ? child.pid : getpgrp()
        see(child.pid)
        let errors = output == .captured ? captureErrors(of: child) : nil
        let records = ProbeFile(path: probe.records)
        let others = OtherLoad()
        let started = MonotonicClock.now()
        let samplerStart = MonotonicClock.currentThreadCPUTime()
        var samples = 0, threadSamples = 0
        var exitStatus: Int32?
        var tick = started
        child.closeInput()
        context.pacer.onCancel { child.signalGroup(SIGTERM) }
        var deadlockSince: UInt64?
        var endedDeadlocked = false
        while true {
            if samples % Self.discoveryEvery == 0 { discover(root: child.pid) }
            if samples % Self.deadlockEvery == 0 {
                deadlockSince = deadlocked() ? deadlockSince ?? tick : nil
                if let since = deadlockSince, tick - since >= Self.deadlockGrace, exitStatus == nil {
                    endedDeadlocked = true
                    stop(child)
                    exitStatus = child.reapIfEnded().map(Self.status)
                    break
                }
            }
            threadSamples += sample(at: tick) { apply(records.newRecords(), root: child.pid) }
            stepLines(at: tick)
            samples += 1
            if exitStatus == nil, let ended = child.reapIfEnded() { exitStatus = Self.status(ended) }
            if exitStatus != nil, !seenProcesses.contains(where: \.isAlive) { break }
            if context.pacer.isCancelled {
                stop(child)
                break
            }
            tick += Self.sampleInterval
            let now = MonotonicClock.now()
            if tick < now { tick = now } else { Self.sleep(until: tick) }
        }
        let end = MonotonicClock.now()
        reapAll(except: child.pid)
        // Others: all but the program's own threads (schedstat) and the sampler's.
        let samplerCPU = MonotonicClock.currentThreadCPUTime() - samplerStart
        let othersShare = others.share(excluding: Double(cpuSeen.values.reduce(0, +) + samplerCPU) / 1e9)
        apply(records.newRecords(), root: child.pid)
        errors?.join()
        for key in lanes.keys { record(key, ThreadClassifier.Verdict(state: .done, object: nil), at: end, cpu: -1) }
        if context.pacer.isCancelled { throw DemoCancelled() }
        let gilWait: UInt64 = stateTime[.waitingGIL] ?? 0
        let wanting: UInt64 = [WorkerState.running, .holdingLock, .holdingSemaphore].reduce(gilWait) { $0 + (stateTime[$1] ?? 0) }
        return Summary(exitStatus: exitStatus ?? -1, wall: end - started, cpu: cpuSeen.values.reduce(0, +),
                       cpuWait: delaySeen.values.reduce(0, +), othersShare: othersShare,
                       mostRunning: mostRunning, mostWanting: mostWanting,
                       gilWaitShare: wanting > 0 ? Double(gilWait) / Double(wanting) : 0,
                       samples: samples,
                       samplerNanosecondsPerThreadSample: Double(MonotonicClock.currentThreadCPUTime() - samplerStart) / Double(max(threadSamples, 1)),
                       lastPrinted: lastPrinted, sawPythonRuntime: !runtimes.isEmpty, pythonVersion: pythonVersion,
                       freeThreaded: !freeThreaded.isEmpty, endedDeadlocked: endedDeadlocked)
    }

    /// Whether the threads' lock waits form a cycle now. The probe's own view says first
    /// whether two threads wait for a lock without a timeout (the only waits a cycle is made
    /// of), so a run without such waits, however long, copies no recording.
    private func deadlocked() -> Bool {
        let untimed = probeStates.values.filter { state in
            guard let wait = state.waiting else { return false }
            return ThreadClassifier.waiting(wait.kind, wait.object).state == .waitingLock && !wait.timed
        }
        guard untimed.count >= 2 else { return false }
        return WaitForGraph.current(context.recorder.snapshot()).cycle() != nil
    }
}
