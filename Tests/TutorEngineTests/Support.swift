#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import Testing
import TutorAstro
import TutorWorkloads
@testable import TutorEngine

/// Polls `condition` every millisecond until it holds or `seconds` pass; returns whether it held.
/// Used to wait for a state the engine will reach, never to judge how fast it got there.
func eventually(within seconds: Double = 10, _ condition: () -> Bool) -> Bool {
    let due = MonotonicClock.now() + UInt64(seconds * 1e9)
    while MonotonicClock.now() < due {
        if condition() { return true }
        usleep(1_000)
    }
    return condition()
}

/// The built `tutor` executable, which the pool runs as its worker processes: in the build
/// folder that holds this test bundle.
let tutorExecutable: String = {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while folder.path != "/" {
        let candidate = folder.appendingPathComponent("tutor").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        folder.deleteLastPathComponent()
    }
    return "tutor"
}()

/// Starts `demo` with `arguments`; worker processes run the built `tutor`.
func start(_ demo: any Demo, _ arguments: [String] = [], mode: PacerMode) throws -> DemoRun {
    let parameters = try ParameterParser.parse(arguments, specs: demo.parameters)
    return try DemoRun.start(demo, parameters: parameters, mode: mode, workerExecutable: tutorExecutable)
}

/// Runs `demo` to the end with `arguments` at full speed and returns its recording and status.
func runToEnd(_ demo: any Demo, _ arguments: [String] = [], mode: PacerMode = .fast) throws
    -> (Recording, DemoRun.Status) {
    let run = try start(demo, arguments, mode: mode)
    let status = run.wait()
    return (run.recorder.snapshot(), status)
}

extension DemoRun.Status {
    var outcome: DemoOutcome? {
        if case .completed(let outcome, _) = self { return outcome }
        return nil
    }

    var checks: [Check] {
        if case .completed(_, let checks) = self { return checks }
        return []
    }
}

/// The kernel thread ids of a recording's thread workers that still exist in this process,
/// and the pids of its worker processes that still exist at all.
func survivingThreads(_ recording: Recording) -> [Int32] {
    recording.tracks.compactMap { track in
        let path = track.info.kind == .process ? "/proc/\(track.info.pid)" : "/proc/self/task/\(track.info.tid)"
        return track.info.tid != 0 && FileManager.default.fileExists(atPath: path) ? track.info.tid : nil
    }
}

/// A fresh temporary folder, removed when `body` returns.
func withTemporaryFolder<T>(_ body: (String) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-test-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    return try body(folder)
}

/// Writes a light curve of `points` noisy sinusoid points with the given period into `folder`.
@discardableResult
func writeCurve(_ folder: String, _ name: String, points: Int, period: Double, seed: UInt64 = 1) throws -> String {
    var random = SplitMix64(seed: seed)
    var lines = ["# test curve, period \(period)"]
    for _ in 0..<points {
        let time = Double.random(in: 0..<200, using: &random)
        let magnitude = 14 + 0.5 * sin(2 * Double.pi * time / period) + 0.01 * random.gaussian()
        lines.append("\(time) \(magnitude) 0.01")
    }
    let path = (folder as NSString).appendingPathComponent(name)
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The worker called `name` in `recording`.
func track(_ recording: Recording, _ name: String) -> Track? {
    recording.tracks.first { $0.info.name == name }
}

/// The last state `worker` recorded, read from a live run.
func lastState(_ run: DemoRun, _ worker: Int) -> WorkerState? {
    let recording = run.recorder.snapshot()
    guard recording.tracks.indices.contains(worker) else { return nil }
    return recording.tracks[worker].events.last(where: { $0.kind == .state })?.state
}

/// Every demo that can run here: all of them, the cluster demo only where a SLURM answers
/// (without one, its run fails at once saying how to get one; SlurmTests and the command
/// tests check that, and run it for real where a SLURM is started, as in CI).
let runnableDemoIDs = DemoCatalog.all.map(\.id).filter { $0 != ClusterDemo().id || Slurm.isAvailable }

/// Threads that keep cores busy until stopped: the load of a login node, made by the test.
final class Spinners: @unchecked Sendable {
    private let stopped = Atomic<Bool>(false)
    private var threads: [OSThread] = []

    init(count: Int) {
        for _ in 0..<count {
            let thread = OSThread { [self] in
                while !stopped.load(ordering: .relaxed) { _ = CPUWork.unit() }
            }
            try? thread.start()
            threads.append(thread)
        }
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        threads.forEach { $0.join() }
    }
}

/// Every order in which a scheduler can let `workers` take their steps, found by replaying each
/// prefix on a fresh run (stateless model checking): how many schedules there are, and how
/// many of them `deadlocked` says deadlocked. `start` makes a run in step mode, readied for the
/// first choice, with the workers it schedules (their lanes, which are their rows).
func everySchedule(start: () throws -> (DemoRun, [Int]), deadlocked: (DemoRun) -> Bool) throws -> (schedules: Int, deadlocked: Int) {
    var schedules = 0, deadlocks = 0
    func explore(_ prefix: [Int]) throws {
        let (run, workers) = try start()
        defer { run.cancel(); _ = run.wait() }
        // Settled: each worker waits for the scheduler, for a lock another worker holds, or is
        // done (a worker whose lock was just freed is about to move on). Each step is taken from
        // a settled run, so that a replay makes the same choices as the first time.
        func settle() {
            // One snapshot for both questions: from two, a worker could look done in one and
            // still hold the lock the other waits for in the other. The pacer's view first, the
            // recording after it: a worker records what it did (a release) before it waits for
            // its next step, so a recording read later holds that release. (Read the other way
            // round, a waiter could still look blocked by a lock already freed, and a replay
            // would see other choices than the first run.)
            #expect(eventually {
                let waiting = run.pacer.nextSteps
                let recording = run.recorder.snapshot()
                let graph = WaitForGraph.current(recording)
                return workers.allSatisfy { worker in
                    waiting[worker] != nil || graph.isBlocked(track: worker)
                        || (recording.tracks.indices.contains(worker)
                            && recording.tracks[worker].events.last(where: { $0.kind == .state })?.state == .done)
                }
            })
        }
        settle()
        for (count, worker) in prefix.enumerated() {
            #expect(run.pacer.step(worker), "schedule \(prefix), step \(count): \(run.pacer.nextSteps)")
            settle()
        }
        let choices = run.pacer.nextSteps.keys.filter(workers.contains).sorted()
        if choices.isEmpty {
            schedules += 1
            if deadlocked(run) { deadlocks += 1 }
            return
        }
        for choice in choices { try explore(prefix + [choice]) }
    }
    try explore([])
    return (schedules, deadlocks)
}
