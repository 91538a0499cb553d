import Testing
@testable import TutorEngine

@Suite struct ConcurrencyDemoTests {
    @Test func tasksStartAndCompleteInOrderPerTask() throws {
        let (recording, status) = try runToEnd(ConcurrencyDemo(), ["--tasks", "4", "--seconds", "0.01"])
        let texts = recording.output.map(\.text)
        for index in 0..<4 {
            let started = try #require(texts.firstIndex(of: "Task \(index) started"))
            let completed = try #require(texts.firstIndex(of: "Task \(index) completed"))
            #expect(started < completed)
        }
        #expect(texts.last == "All tasks completed")
        #expect(recording.tracks.filter { $0.info.name.hasPrefix("Task") }
            .allSatisfy { track in track.slices(until: recording.end).contains { $0.state == .sleeping } })
        #expect(status.outcome != nil)
    }

    @Test func allTasksSleepAtOnce() throws {
        let demo = ConcurrencyDemo()
        let parameters = try ParameterParser.parse(["--tasks", "3", "--seconds", "60"], specs: demo.parameters)
        let run = try DemoRun.start(demo, parameters: parameters, mode: .stepping)
        for worker in 1...3 { #expect(run.pacer.awaitCheckpoint(worker) && run.pacer.step(worker)) }
        #expect(eventually { (1...3).allSatisfy { lastState(run, $0) == .sleeping } })
        // Three sleeps of a minute overlap; cancel ends them at once.
        run.cancel()
        #expect(run.wait() == .cancelled)
        let recording = run.recorder.snapshot()
        #expect(TraceAnalysis.maxConcurrency(recording, in: [.sleeping]) == 3)
        #expect(!recording.output.map(\.text).contains { $0.hasSuffix("completed") })
        #expect(eventually { survivingThreads(recording).isEmpty })
    }
}
