import Testing
import TutorAstro
@testable import TutorEngine

@Suite struct SemaphoresDemoTests {
    @Test(arguments: 0..<6)
    func neverMoreThanTheLimitInside(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        let threads = Int.random(in: 1...16, using: &generator)
        let limit = Int.random(in: 1...5, using: &generator)
        let (recording, status) = try runToEnd(SemaphoresDemo(), ["--threads", "\(threads)", "--limit", "\(limit)", "--hold", "0.001"])
        #expect(TraceAnalysis.maxConcurrency(recording, in: [.holdingSemaphore]) <= limit)
        let inUse = TraceAnalysis.counterValues(recording, "permits in use").map(\.value)
        #expect(inUse.allSatisfy { (0...Int64(limit)).contains($0) })
        let line = try #require(status.outcome).result
        for index in 1...threads { #expect(line.contains("'Thread-\(index)'")) }
        #expect(status.checks.allSatisfy { $0.passed })
    }

    @Test func theLimitIsReachedAndTheNextThreadWaits() throws {
        let demo = SemaphoresDemo()
        let parameters = try ParameterParser.parse(["--threads", "5", "--limit", "3"], specs: demo.parameters)
        let run = try DemoRun.start(demo, parameters: parameters, mode: .stepping)
        // Let threads 1…3 in: each stops inside, at its "use the resource" step.
        for worker in 1...3 {
            #expect(run.pacer.awaitCheckpoint(worker))
            #expect(run.pacer.step(worker) && run.pacer.awaitCheckpoint(worker))
            #expect(run.pacer.nextSteps[worker] == "use the resource")
        }
        // The fourth must wait on the semaphore.
        #expect(run.pacer.awaitCheckpoint(4))
        #expect(run.pacer.step(4))
        #expect(eventually { lastState(run, 4) == .waitingSemaphore })
        run.pacer.setMode(.fast)
        let status = run.wait()
        let recording = run.recorder.snapshot()
        #expect(TraceAnalysis.maxConcurrency(recording, in: [.holdingSemaphore]) == 3)
        #expect(TraceAnalysis.counterValues(recording, "permits in use").map(\.value).max() == 3)
        #expect(status.checks.allSatisfy { $0.passed })
    }
}
