import Testing
import TutorEngine
@testable import TutorUI

@Suite struct UpdateTests {
    @Test func arrowsMoveBetweenLessonsAndRecordProgress() {
        var state = makeState(at: "first")
        #expect(state.screen == .lesson && state.lesson?.id == "first")
        #expect(update(&state, .key(.right)).isEmpty, "moving on writes nothing; quitting and runs save")
        #expect(state.lesson?.id == "second")
        #expect(state.progress.visited == ["second"] && state.progress.lastLesson == "second")
        _ = update(&state, .key(.right))
        #expect(state.lesson?.id == "second", "no lesson after the last")
        _ = update(&state, .key(.left))
        #expect(state.lesson?.id == "first")
        _ = update(&state, .key(.escape))
        #expect(state.screen == .lessonList && state.listSelection == 0)
    }

    @Test func aQuestionComesBeforeTheRunAndTheRunJudgesIt() {
        var state = makeState(at: "first")
        #expect(update(&state, .key(.character("r"))).isEmpty)
        #expect(state.overlay == .question(index: 0, selected: 0))
        let effects = update(&state, .key(.character("2")))
        #expect(effects == [.startRun(demo: "locks", arguments: ["--no-lock", "--threads", "2", "--increments", "1"],
                                      mode: LocksDemo().watch.paced(1))])
        #expect(state.overlay == nil && state.run?.answers == [1])

        var recording = Recording(origin: 0, end: 10)
        recording.isFinished = true
        let outcome = DemoOutcome(result: "Counter: 1", values: ["counter": 1, "expected": 2, "lost": 1])
        let done = RunSnapshot(recording: recording, status: .completed(outcome, []), mode: .speed(1), nextSteps: [:], cpuTime: 0)
        #expect(update(&state, .run(done)) == [.saveProgress(state.progress)])
        #expect(state.progress.answered["first"] == true)
        #expect(state.progress.demosRun == ["locks"])
        #expect(render(state).lines.contains { $0.contains("You predicted \"less than 2\": right") })
    }

    /// A run that flags the value a prediction compares (a busy machine) judges nothing: the
    /// screen says why, and the progress record keeps what it had.
    @Test func aPredictionOnAFlaggedValueIsNotJudged() {
        var state = makeState(at: "first")
        _ = update(&state, .key(.character("r")))
        _ = update(&state, .key(.character("2")))
        var recording = Recording(origin: 0, end: 10)
        recording.isFinished = true
        let outcome = DemoOutcome(result: "Counter: 1", values: ["counter": 1, "expected": 2, "lost": 1],
                                  unreliable: ["counter"], caution: "other programs held the cores")
        let done = RunSnapshot(recording: recording, status: .completed(outcome, []), mode: .speed(1), nextSteps: [:], cpuTime: 0)
        _ = update(&state, .run(done))
        #expect(state.progress.answered["first"] == nil, "nothing recorded for an answer that was not judged")
        let lines = render(state).lines
        #expect(lines.contains { $0.contains("You predicted \"less than 2\": not judged (other programs held the cores)") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Caution: other programs held the cores") }, "\(lines)")
        #expect(!lines.contains { $0.contains(": right") || $0.contains("not this time") })
    }

    @Test func sBeforeARunStartsItInStepModeAfterTheQuestion() {
        var state = makeState(at: "first")
        #expect(update(&state, .key(.character("s"))).isEmpty)
        #expect(state.overlay == .question(index: 0, selected: 0))
        #expect(update(&state, .key(.character("2"))) == [.startRun(demo: "locks", arguments: ["--no-lock", "--threads", "2", "--increments", "1"],
                                                                     mode: .stepping)])
        #expect(state.run?.mode == .stepping)
        #expect(state.isAnimating, "the run is drawn before any worker waits for a step")
        // r afterwards starts at the pace again.
        var again = makeState(at: "first")
        _ = update(&again, .key(.character("s")))
        _ = update(&again, .key(.escape))
        _ = update(&again, .key(.character("r")))
        #expect(update(&again, .key(.character("2"))) == [.startRun(demo: "locks", arguments: ["--no-lock", "--threads", "2", "--increments", "1"],
                                                                      mode: LocksDemo().watch.paced(1))])
    }

    @Test func theOutcomeHasRoomEvenWithManyWorkers() {
        var state = makeState(at: "first")
        _ = update(&state, .key(.character("r")))
        _ = update(&state, .key(.character("2")))
        var recording = Recording(origin: 0, end: 10)
        recording.isFinished = true
        recording.tracks = (0..<40).map { Track(info: WorkerInfo(id: $0, name: "Thread-\($0)", kind: .thread, pid: 1, tid: 2), events: []) }
        let outcome = DemoOutcome(result: "Counter: 1", values: ["counter": 1, "expected": 2, "lost": 1])
        _ = update(&state, .run(RunSnapshot(recording: recording, status: .completed(outcome, []), mode: .speed(1),
                                            nextSteps: [:], cpuTime: 0)))
        let lines = render(state).lines
        #expect(lines.contains { $0.hasPrefix("Result: Counter: 1") } && lines.contains { $0.contains("You predicted") })
        #expect(lines.contains { $0.contains("more workers") }, "the lanes give way instead")
    }

    @Test func ignoredKeysSayWhy() {
        var state = makeState(at: "second")
        #expect(update(&state, .key(.character("e"))).isEmpty)
        #expect(state.notice == "run a demo first (r): there is no trace to export yet")
        _ = update(&state, .key(.character("+")))
        #expect(state.notice == "speed 2x for the next paced run (+ faster, - slower)")
        _ = update(&state, .key(.character("r")))
        var recording = Recording(origin: 0, end: 10)
        recording.objects = ["counter_lock"]
        let entering = { (time: UInt64, worker: WorkerState, object: UInt16) in
            Event(time: time, kind: .state, code: worker.rawValue, object: ObjectID(rawValue: object), value: 0, cpu: 0)
        }
        recording.tracks = [
            Track(info: WorkerInfo(id: 0, name: "main", kind: .thread, pid: 1, tid: 2), events: [entering(0, .running, 0)]),
            Track(info: WorkerInfo(id: 1, name: "Thread-1", kind: .thread, pid: 1, tid: 3), events: [entering(0, .waitingLock, 1)]),
            Track(info: WorkerInfo(id: 2, name: "Thread-2", kind: .thread, pid: 1, tid: 4), events: [entering(0, .idle, 0)]),
        ]
        _ = update(&state, .run(RunSnapshot(recording: recording, status: .running, mode: .stepping, nextSteps: [0: "go"], cpuTime: 0)))
        // A key for a worker that cannot step says why, from the state it is in.
        #expect(update(&state, .key(.character("2"))).isEmpty)
        #expect(state.notice == "Thread-1 is blocked on counter_lock: step the one that holds it")
        #expect(update(&state, .key(.character("3"))).isEmpty)
        #expect(state.notice == "Thread-2 is idle, waiting for others (as in join()): it moves once they are done")
        #expect(update(&state, .key(.character("9"))).isEmpty)
        #expect(state.notice == "no worker in row 9")
        #expect(update(&state, .key(.character("1"))) == [.step(worker: 0)])
        #expect(state.notice == nil)
        _ = update(&state, .key(.character("9")))
        #expect(state.notice != nil)
        _ = update(&state, .key(.character(" ")))
        #expect(state.notice == nil, "resuming clears what step mode said")
    }

    @Test func pauseStepAndTheSchedulersChoice() {
        var state = makeState(at: "second")
        _ = update(&state, .key(.character("r")))
        #expect(update(&state, .key(.character(" "))) == [.setMode(.paused)])
        #expect(update(&state, .key(.character(" "))) == [.setMode(.speed(1))])
        #expect(update(&state, .key(.character("s"))) == [.setMode(.stepping)])
        let waiting = RunSnapshot(recording: Recording(origin: 0, end: 1), status: .running, mode: .stepping,
                                  nextSteps: [1: "acquire semaphore", 3: "acquire semaphore"], cpuTime: 0)
        _ = update(&state, .run(waiting))
        #expect(!state.isAnimating, "a stepped run waits for the student")
        #expect(update(&state, .key(.character("4"))) == [.step(worker: 3)])
        #expect(state.isAnimating, "until the granted step is over")
        #expect(update(&state, .key(.character("4"))).isEmpty, "one step at a time")
        #expect(update(&state, .key(.character("3"))).isEmpty, "worker 2 is not waiting")
        _ = update(&state, .run(waiting))
        #expect(!state.isAnimating)
        _ = update(&state, .key(.down))
        #expect(update(&state, .key(.enter)) == [.step(worker: 3)])
        #expect(update(&state, .key(.character("+"))).isEmpty, "speed changes apply to paced runs only")
        #expect(state.speed == 2)
    }

    @Test func quitStopsEverythingAndSaves() {
        var state = makeState()
        _ = update(&state, .key(.right))
        #expect(update(&state, .key(.character("q"))) == [.cancelRun, .cancelRepeats, .saveProgress(state.progress)])
        #expect(state.quitting && state.stopSignal == nil)
        #expect(state.progress.lastLesson == "first", "what is saved is the progress at quitting")
    }

    /// While a trace is written, `q` first says what a second `q` will do; a signal quits at once.
    @Test func quittingDuringAnExportAsksOnce() {
        var state = makeState(at: "first")
        _ = update(&state, .exportStarted(path: "/tmp/x/t.json"))
        #expect(update(&state, .key(.character("q"))).isEmpty)
        #expect(!state.quitting && state.notice == "a trace is being written: q again stops it and quits")
        #expect(update(&state, .key(.character("q"))) == [.cancelRun, .cancelRepeats, .saveProgress(state.progress)])
        #expect(state.quitting && state.exporting, "the loop then stops the write")
        var signalled = makeState(at: "first")
        _ = update(&signalled, .exportStarted(path: "/tmp/x/t.json"))
        _ = update(&signalled, .stop(signal: 15))
        #expect(signalled.quitting)
    }

    @Test func aSignalStopsLikeQuitAndIsKeptForTheExitStatus() {
        var state = makeState(at: "first")
        #expect(update(&state, .stop(signal: 15)) == [.cancelRun, .cancelRepeats, .saveProgress(state.progress)])
        #expect(state.quitting && state.stopSignal == 15)
    }

    @Test func whatTheRuntimeReportsArrivesAsMessages() {
        var state = makeState(at: "first")
        // While a trace is written the loop keeps waking to hear when it is done.
        _ = update(&state, .exportStarted(path: "/tmp/x/tutor-locks.trace.json"))
        #expect(state.exporting && state.isAnimating && state.notice == "writing the trace to /tmp/x/tutor-locks.trace.json…")
        _ = update(&state, .traceExported(path: "/tmp/x/tutor-locks.trace.json"))
        #expect(state.notice == "trace written: tutor-locks.trace.json in /tmp/x")
        #expect(!state.exporting && !state.isAnimating)
        _ = update(&state, .exportStarted(path: "/tmp/x/t.json"))
        _ = update(&state, .exportFailed("could not write /tmp/x/t.json: No space left on device"))
        #expect(!state.exporting && state.notice == "could not write /tmp/x/t.json: No space left on device")
        _ = update(&state, .failed("could not start locks: no threads left"))
        #expect(state.notice == "could not start locks: no threads left")
        // A run that cannot start ends: the loop stops waking for it.
        _ = update(&state, .key(.character("x")))
        #expect(state.isAnimating)
        _ = update(&state, .runFailed("could not run python block 1: no Python"))
        #expect(!state.isAnimating && state.run?.status == .failed("could not run python block 1: no Python"))
    }

    /// `h` during a run replaced it with the histogram but left the run on screen "running"
    /// forever: the loop kept waking 20 times a second, and `e`, space and `s` acted on it.
    @Test func theHistogramTakesTheRunsPlace() {
        var state = makeState(at: "second")
        _ = update(&state, .key(.character("r")))
        #expect(state.run != nil && state.isAnimating)
        let effects = update(&state, .key(.character("h")))
        #expect(effects == [.cancelRun, .startRepeats(demo: "semaphores", arguments: ["--threads", "4", "--limit", "2"], count: 20)])
        #expect(state.run == nil, "the cancelled run is gone")
        for _ in 0..<20 { _ = update(&state, .repeatResult(["max_inside": 2], unreliable: [])) }
        #expect(!state.isAnimating, "nothing left to animate once the histogram is complete")
        #expect(update(&state, .key(.character(" "))).isEmpty)
        #expect(update(&state, .key(.character("e"))).isEmpty)
        #expect(state.notice == "run a demo first (r): there is no trace to export yet")
        // With no run, s starts one, in step mode.
        #expect(update(&state, .key(.character("s"))).contains(.startRun(demo: "semaphores", arguments: ["--threads", "4", "--limit", "2"],
                                                                          mode: .stepping)))
    }

    @Test func parametersAreEditedWithinTheirRanges() {
        var state = makeState(at: "second")
        _ = update(&state, .key(.character("p")))
        #expect(state.overlay == .parameters(selected: 0))
        for _ in 0..<100 { _ = update(&state, .key(.left)) }
        #expect(state.editing?.integer("threads") == 1, "never below the range")
        _ = update(&state, .key(.down))
        _ = update(&state, .key(.right))
        _ = update(&state, .key(.enter))
        // The limit went from the lesson's 2 up to 3, its default, so it is no longer written out.
        #expect(state.selectedDemo?.arguments == ["--threads", "1"])
        #expect(update(&state, .key(.character("r"))) == [.startRun(demo: "semaphores", arguments: ["--threads", "1"], mode: SemaphoresDemo().watch.paced(1))])
    }

    @Test func repeatsCollectValuesForTheHistogram() {
        var state = makeState(at: "first")
        #expect(update(&state, .key(.character("h"))) == [
            .startRepeats(demo: "locks", arguments: ["--no-lock", "--threads", "2", "--increments", "1"], count: 20),
        ])
        for value in [2.0, 1, 2] { _ = update(&state, .repeatResult(["counter": value, "expected": 2], unreliable: [])) }
        #expect(state.repeats?.values == [2, 1, 2] && state.repeats?.expected == 2)
        let lines = render(state).lines
        #expect(lines.contains { $0.hasPrefix("1 ") && $0.contains("█ 1") && !$0.contains("expected") })
        #expect(lines.contains { $0.hasPrefix("2 ") && $0.contains("██ 2  ← expected") })
        state.repeats?.values = [1, 1]
        #expect(render(state).lines.contains { $0.contains("expected 2: no run reached it") })
        // A run whose value a busy machine made unreliable is counted, and said under the plot.
        _ = update(&state, .repeatResult(["counter": 2, "expected": 2], unreliable: ["counter"]))
        #expect(state.repeats?.busyRuns == 1)
        #expect(render(state).lines.contains { $0.hasPrefix("1 of these 3 runs had a busy machine: their counter is") }, "\(render(state).lines)")
    }

    /// A histogram whose runs measure nothing (a Python block that prints no number) still
    /// ends, and says so, rather than waiting for ever.
    @Test func aHistogramOfRunsThatMeasureNothingEndsAndSaysSo() {
        var state = makeState(at: "first")
        _ = update(&state, .key(.character("h")))
        for _ in 0..<20 { _ = update(&state, .repeatResult(["expected": 2], unreliable: [])) }
        #expect(state.repeats?.isFinished == true && !state.isAnimating)
        #expect(render(state).lines.contains { $0.contains("20 of 20 runs measured no counter: nothing to plot") }, "\(render(state).lines)")
    }

    /// `x` runs the Python block on screen, for real, beside the lesson's folder, at full
    /// speed and untraced: it is neither paused nor stepped, and says how to step one.
    @Test func xRunsThePythonBlockOnScreen() throws {
        var state = makeState(at: "first")
        let effects = update(&state, .key(.character("x")))
        #expect(effects == [.startProgram(ProgramSpec(label: "python block 1", source: .python("counter = 0  # shared\n"),
                                                      workingDirectory: nil), mode: .fast)])
        #expect(state.run?.demo == "python" && state.run?.title == "python block 1")
        #expect(update(&state, .key(.character(" "))).isEmpty && update(&state, .key(.character("s"))).isEmpty)
        #expect(state.notice?.hasPrefix("this run is at full speed, untraced: press s with no run") == true)
        // A lesson without a Python block says so.
        _ = update(&state, .key(.right))
        #expect(update(&state, .key(.character("x"))).isEmpty)
        #expect(state.notice == "this lesson has no Python block to run")
    }
}
