import Testing
@testable import TutorEngine

@Suite struct ThreadLifecycleDemoTests {
    func lines(_ recording: Recording, of worker: Int) -> [String] {
        recording.output.filter { $0.worker == worker }.map(\.text)
    }

    @Test func mainSeesTheThreadAliveWhileItIsParked() throws {
        let demo = ThreadLifecycleDemo()
        let run = try DemoRun.start(demo, parameters: demo.defaultParameters, mode: .stepping)
        // main: print False, start the thread, print while the thread waits at its first step.
        for _ in 0..<3 { #expect(run.pacer.awaitCheckpoint(0) && run.pacer.step(0)) }
        #expect(run.pacer.awaitCheckpoint(0))
        run.pacer.setMode(.fast)
        run.wait()
        let recording = run.recorder.snapshot()
        #expect(lines(recording, of: 0) == ["False", "True", "False", "Thread execution completed", "False"])
        #expect(lines(recording, of: 1) == ["True", "Thread task executed"])
    }

    @Test func mainSeesTheThreadDeadIfItFinishesFirst() throws {
        let demo = ThreadLifecycleDemo()
        let run = try DemoRun.start(demo, parameters: demo.defaultParameters, mode: .stepping)
        for _ in 0..<2 { #expect(run.pacer.awaitCheckpoint(0) && run.pacer.step(0)) }
        // The thread runs both its steps and ends before main asks again.
        for _ in 0..<2 { #expect(run.pacer.awaitCheckpoint(1) && run.pacer.step(1)) }
        #expect(run.pacer.awaitCheckpoint(1))
        run.pacer.setMode(.fast)
        run.wait()
        let recording = run.recorder.snapshot()
        #expect(lines(recording, of: 0) == ["False", "False", "False", "Thread execution completed", "False"])
        #expect(lines(recording, of: 1) == ["True", "Thread task executed"])
    }

    @Test func theThreadIsAliveExactlyWhileItsTaskRuns() throws {
        let (recording, status) = try runToEnd(ThreadLifecycleDemo())
        let main = lines(recording, of: 0)
        #expect(main.first == "False")
        #expect(main.suffix(3) == ["False", "Thread execution completed", "False"])
        #expect(lines(recording, of: 1) == ["True", "Thread task executed"])
        // The thread's own lines fall within its life on the timeline.
        let thread = try #require(track(recording, "Thread-1"))
        let life = try #require(thread.firstTime)...(try #require(thread.doneTime))
        #expect(recording.output.filter { $0.worker == 1 }.allSatisfy { life.contains($0.time) })
        #expect(status.outcome?.result == "Thread execution completed")
    }
}
