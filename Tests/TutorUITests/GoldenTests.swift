import Testing
import TutorEngine
@testable import TutorUI

/// Whole screens as golden grids: each mode of the run panel, the histogram, each window,
/// the per-core view, ASCII and the wide layout. The recording is made up, so every frame is
/// the same on every machine.
@Suite struct GoldenTests {
    /// Two threads of the locks demo without the lock: both read 0 and write 1 (a lost update),
    /// one waits on the lock, one sleeps; on CPUs 0 and 1; 1 ms long.
    static func recording(finished: Bool) -> Recording {
        func state(_ time: UInt64, _ state: WorkerState, cpu: Int32 = 0, object: UInt16 = 0) -> Event {
            Event(time: time, kind: .state, code: state.rawValue, object: ObjectID(rawValue: object), value: 0, cpu: cpu)
        }
        func write(_ time: UInt64, _ value: Int64, cpu: Int32) -> Event {
            Event(time: time, kind: .counter, code: 0, object: ObjectID(rawValue: 1), value: value, cpu: cpu)
        }
        func instant(_ time: UInt64, _ kind: InstantKind, cpu: Int32) -> Event {
            Event(time: time, kind: .instant, code: kind.rawValue, object: ObjectID(rawValue: 2), value: 0, cpu: cpu)
        }
        var recording = Recording(origin: 0, end: 1_000_000)
        recording.objects = ["counter", "counter_lock"]
        recording.tracks = [
            Track(info: WorkerInfo(id: 0, name: "main", kind: .thread, pid: 100, tid: 100),
                  events: [state(0, .running), state(50_000, .idle)] + (finished ? [state(990_000, .done)] : [])),
            Track(info: WorkerInfo(id: 1, name: "Thread-1", kind: .thread, pid: 100, tid: 101),
                  events: [state(60_000, .running, cpu: 0), write(300_000, 1, cpu: 0), instant(400_000, .acquire, cpu: 0),
                           state(400_000, .holdingLock, cpu: 0, object: 2), state(700_000, .sleeping, cpu: 0)]
                      + (finished ? [state(950_000, .done)] : [])),
            Track(info: WorkerInfo(id: 2, name: "Thread-2", kind: .thread, pid: 100, tid: 102),
                  events: [state(60_000, .running, cpu: 1), write(320_000, 1, cpu: 1), state(420_000, .waitingLock, cpu: 1, object: 2),
                           state(700_000, .running, cpu: 1)] + (finished ? [state(960_000, .done)] : [])),
        ]
        recording.output = [OutputLine(time: 980_000, worker: 0, text: "Counter: 1")]
        recording.isFinished = finished
        return recording
    }

    static let outcome = DemoOutcome(result: "Counter: 1", values: ["counter": 1, "expected": 2, "lost": 1])

    /// The first sample lesson with its demo started (its question answered "less than 2"),
    /// and the snapshot `status`/`mode` applied.
    static func running(_ mode: PacerMode, status: DemoRun.Status = .running, nextSteps: [Int: String] = [:],
                        width: Int = 80, height: Int = 24, unicode: Bool = true) -> AppState {
        var state = makeState(width: width, height: height, at: "first")
        state.unicode = unicode
        _ = update(&state, .key(.character("r")))
        _ = update(&state, .key(.character("2")))
        let finished = status != .running
        _ = update(&state, .run(RunSnapshot(recording: recording(finished: finished), status: status, mode: mode,
                                            nextSteps: nextSteps, cpuTime: 1_500_000)))
        return state
    }

    @Test func aRunningRun() throws {
        try assertGolden(render(Self.running(.speed(1))), "run-running-80x24")
    }

    @Test func aPausedRun() throws {
        try assertGolden(render(Self.running(.paused, nextSteps: [1: "write counter = 1"])), "run-paused-80x24")
    }

    @Test func aSteppedRun() throws {
        try assertGolden(render(Self.running(.stepping, nextSteps: [0: "join Thread-1", 1: "write counter = 1"])),
                         "run-stepping-80x24")
    }

    @Test func aFinishedRun() throws {
        let checks = [Check("lost updates without the lock", true, "1 of 2 increments lost")]
        try assertGolden(render(Self.running(.speed(1), status: .completed(Self.outcome, checks))), "run-finished-80x24")
    }

    @Test func thePerCoreView() throws {
        var state = Self.running(.speed(1), status: .completed(Self.outcome, []))
        _ = update(&state, .key(.character("c")))
        try assertGolden(render(state), "run-cores-80x24")
    }

    @Test func aFinishedRunInASCII() throws {
        let state = Self.running(.speed(1), status: .completed(Self.outcome, []), unicode: false)
        let grid = render(state)
        #expect(grid.lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
        try assertGolden(grid, "run-finished-ascii-80x24")
    }

    @Test func theWideLayoutPutsTheRunBesideTheText() throws {
        try assertGolden(render(Self.running(.speed(1), width: 160, height: 30)), "run-running-160x30")
    }

    @Test func theHistogram() throws {
        var state = makeState(at: "first")
        _ = update(&state, .key(.character("h")))
        for value in [2.0, 1, 2, 2, 1, 0] { _ = update(&state, .repeatResult(["counter": value, "expected": 2], unreliable: [])) }
        try assertGolden(render(state), "histogram-80x24")
    }

    @Test func theHelpWindow() throws {
        var state = makeState(at: "first")
        _ = update(&state, .key(.character("?")))
        try assertGolden(render(state), "help-80x24")
    }

    @Test func theQuestionWindow() throws {
        var state = makeState(at: "first")
        _ = update(&state, .key(.character("r")))
        _ = update(&state, .key(.down))
        try assertGolden(render(state), "question-80x24")
    }

    @Test func theParameterWindow() throws {
        var state = makeState(at: "second")
        _ = update(&state, .key(.character("p")))
        _ = update(&state, .key(.down))
        try assertGolden(render(state), "parameters-80x24")
    }
}
