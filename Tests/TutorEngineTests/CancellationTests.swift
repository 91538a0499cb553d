import Testing
@testable import TutorEngine

/// Pause, step and cancel must never leave a thread behind, whatever the workers were doing.
@Suite struct CancellationTests {
    static let ids = runnableDemoIDs

    @Test(arguments: ids)
    func cancellingAPausedRunEndsEveryThread(id: String) throws {
        let demo = try #require(DemoCatalog.demo(id))
        let run = try start(demo, mode: .paused)
        #expect(eventually { !run.pacer.nextSteps.isEmpty })
        run.cancel()
        #expect(run.wait() == .cancelled)
        let recording = run.recorder.snapshot()
        #expect(recording.isFinished)
        #expect(recording.tracks.allSatisfy { $0.events.isEmpty || $0.doneTime != nil }, "every started worker reached done")
        #expect(eventually { survivingThreads(recording).isEmpty })
    }

    /// A run that is over and no longer referenced is freed with its recording: nothing it
    /// made (threads, pools, cancel hooks, threads never started) keeps it alive, whether it
    /// was cancelled or completed.
    @Test(arguments: ids, [true, false])
    func aRunThatIsOverIsFreed(id: String, cancelled: Bool) throws {
        let demo = try #require(DemoCatalog.demo(id))
        weak var recorder: Recorder?
        weak var pacer: Pacer?
        do {
            let run = try start(demo, Self.quick[id] ?? [], mode: cancelled ? .paused : .fast)
            (recorder, pacer) = (run.recorder, run.pacer)
            if cancelled {
                #expect(eventually { !run.pacer.nextSteps.isEmpty })
                run.cancel()
            }
            #expect((run.wait() == .cancelled) == cancelled)
        }
        #expect(eventually { recorder == nil && pacer == nil }, "the run of \(id) is still referenced")
    }

    /// Small parameters for the demos whose defaults take seconds at full speed.
    static let quick = [
        "pool": ["--processes", "1", "--nfreq", "2000"], "cluster": ["--tasks", "2", "--nfreq", "2000"], "concurrency": ["--seconds", "0.05"],
        "parallelism": ["--seconds", "0.05"], "gil": ["--units", "20"], "semaphores": ["--hold", "0"],
        "data-structures": ["--items", "1000"],
    ]

    @Test(arguments: ids)
    func cancellingMidStepEndsEveryThread(id: String) throws {
        let demo = try #require(DemoCatalog.demo(id))
        let run = try start(demo, mode: .stepping)
        // Grant a few steps to whoever is waiting, so some hold locks or wait on others (fewer
        // than the shortest demo, data-structures, has in all).
        for _ in 0..<3 {
            guard let next = run.pacer.nextSteps.keys.sorted().last else { break }
            run.pacer.step(next)
            _ = run.pacer.awaitCheckpoint(next, timeout: 0.5)
        }
        run.cancel()
        #expect(run.wait() == .cancelled)
        let recording = run.recorder.snapshot()
        #expect(recording.tracks.allSatisfy { $0.events.isEmpty || $0.doneTime != nil })
        #expect(eventually { survivingThreads(recording).isEmpty })
    }

    /// The largest data-structures run (2,000,000 items drained from the front of an array,
    /// hours of work) ends soon after a cancel, instead of when its loop would.
    @Test func aHoursLongWorkloadEndsWhenCancelled() throws {
        let run = try start(DataStructuresDemo(), ["--items", "2000000"], mode: .fast)
        #expect(eventually { run.recorder.snapshot().tracks.first.map { $0.events.count >= 1 } ?? false })
        run.cancel()
        #expect(eventually(within: 60) { run.isFinished }, "the cancelled run ended")
        #expect(run.wait() == .cancelled)
    }

    @Test func cancellingWhileHoldersAreParkedReleasesTheWaiters() throws {
        let demo = LocksDemo()
        let parameters = try ParameterParser.parse(["--threads", "4", "--increments", "3"], specs: demo.parameters)
        let run = try DemoRun.start(demo, parameters: parameters, mode: .stepping)
        for worker in 1...4 { #expect(run.pacer.awaitCheckpoint(worker) && run.pacer.step(worker)) }
        #expect(eventually { (1...4).filter { lastState(run, $0) == .waitingLock }.count == 3 })
        run.cancel()
        #expect(run.wait() == .cancelled)
        #expect(eventually { survivingThreads(run.recorder.snapshot()).isEmpty })
    }

    @Test func pacedRunsCanBeCancelledMidway() throws {
        let demo = ConditionsDemo()
        let run = try DemoRun.start(demo, parameters: demo.defaultParameters, mode: .speed(1))
        #expect(eventually { run.recorder.snapshot().output.count >= 2 })
        run.cancel()
        #expect(run.wait() == .cancelled)
        #expect(eventually { survivingThreads(run.recorder.snapshot()).isEmpty })
    }
}
