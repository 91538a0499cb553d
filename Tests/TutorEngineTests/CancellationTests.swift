import Testing
@testable import TutorEngine

/// Pause, step and cancel must never leave a thread behind, whatever the workers were doing.
@Suite struct CancellationTests {
    static let ids = DemoCatalog.all.map(\.id)

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
