#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
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

/// Runs `demo` to the end with `arguments` at full speed and returns its recording and status.
func runToEnd(_ demo: any Demo, _ arguments: [String] = [], mode: PacerMode = .fast) throws
    -> (Recording, DemoRun.Status) {
    let parameters = try ParameterParser.parse(arguments, specs: demo.parameters)
    let run = try DemoRun.start(demo, parameters: parameters, mode: mode)
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

/// The kernel thread ids of a recording's workers that still exist in this process.
func survivingThreads(_ recording: Recording) -> [Int32] {
    recording.tracks.map(\.info.tid).filter { tid in
        tid != 0 && FileManager.default.fileExists(atPath: "/proc/self/task/\(tid)")
    }
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
