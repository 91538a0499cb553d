import Testing
import TutorAstro
@testable import TutorEngine

@Suite struct LocksDemoTests {
    @Test(arguments: 0..<6)
    func withTheLockTheCountIsExactAndHoldersNeverOverlap(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        let threads = Int.random(in: 1...8, using: &generator)
        let increments = Int.random(in: 1...300, using: &generator)
        let (recording, status) = try runToEnd(LocksDemo(), ["--threads", "\(threads)", "--increments", "\(increments)"])
        let outcome = try #require(status.outcome)
        #expect(outcome.result == "Counter: \(threads * increments)")
        #expect(TraceAnalysis.maxConcurrency(recording, in: [.holdingLock]) == 1)
        // Every acquire is matched by a release of the same worker before anyone else acquires.
        let marks = (TraceAnalysis.instants(recording, .acquire) + TraceAnalysis.instants(recording, .release))
            .sorted { $0.event.time < $1.event.time }
        #expect(marks.count == 2 * threads * increments)
        for pair in stride(from: 0, to: marks.count, by: 2) {
            #expect(marks[pair].event.instant == .acquire)
            #expect(marks[pair + 1].event.instant == .release)
            #expect(marks[pair].worker == marks[pair + 1].worker)
        }
        #expect(recording.output.last?.text == "Counter: \(threads * increments)")
        #expect(status.checks.allSatisfy { $0.passed })
    }

    @Test func withoutTheLockUpdatesAreLostAtFullSpeed() throws {
        var lost: [Int] = []
        for _ in 0..<5 {
            let (_, status) = try runToEnd(LocksDemo(), ["--threads", "4", "--increments", "200000", "--no-lock"])
            lost.append(Int(try #require(status.outcome).values["lost"] ?? 0))
            if lost.last! > 0 { break }
        }
        #expect(lost.contains { $0 > 0 }, "no lost update in \(lost.count) runs")
    }

    @Test func aStudentCanScheduleALostUpdateByHand() throws {
        let demo = LocksDemo()
        let parameters = try ParameterParser.parse(["--threads", "2", "--increments", "1", "--no-lock"], specs: demo.parameters)
        let run = try DemoRun.start(demo, parameters: parameters, mode: .stepping)
        // Workers: 0 is main, 1 and 2 are the threads.
        #expect(run.pacer.awaitCheckpoint(1) && run.pacer.awaitCheckpoint(2))
        #expect(run.pacer.nextSteps == [1: "read counter", 2: "read counter"])
        for worker in [1, 2] {
            #expect(run.pacer.step(worker))
            #expect(run.pacer.awaitCheckpoint(worker))
        }
        // Both read 0, so both are about to write 1.
        #expect(run.pacer.nextSteps == [1: "write counter = 1", 2: "write counter = 1"])
        for worker in [1, 2] {
            #expect(run.pacer.step(worker))
            #expect(run.pacer.awaitCheckpoint(worker))
        }
        let status = run.wait()
        let outcome = try #require(status.outcome)
        #expect(outcome.result == "Counter: 1")
        #expect(outcome.values["lost"] == 1)
        let writes = TraceAnalysis.counterValues(run.recorder.snapshot(), "counter").map(\.value)
        #expect(writes == [0, 1, 1], "the first value on record, then both threads' writes of 1")
    }

    @Test func theSameScheduleWithTheLockLosesNothing() throws {
        let demo = LocksDemo()
        let parameters = try ParameterParser.parse(["--threads", "2"], specs: demo.parameters)
        let run = try DemoRun.start(demo, parameters: parameters, mode: .stepping)
        #expect(run.pacer.awaitCheckpoint(1) && run.pacer.awaitCheckpoint(2))
        // Thread 1 takes the lock; thread 2 then blocks on it and is no longer schedulable.
        #expect(run.pacer.step(1) && run.pacer.awaitCheckpoint(1))
        #expect(run.pacer.nextSteps[1] == "read counter")
        #expect(run.pacer.step(2))
        #expect(eventually { lastState(run, 2) == .waitingLock })
        #expect(run.pacer.nextSteps[2] == nil)
        run.pacer.setMode(.fast)
        let outcome = try #require(run.wait().outcome)
        #expect(outcome.result == "Counter: 2")
    }
}
