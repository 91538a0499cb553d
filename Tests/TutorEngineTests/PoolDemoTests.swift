import Foundation
import Testing
import TutorAstro
@testable import TutorEngine

@Suite struct PoolDemoTests {
    @Test func everyFileIsProcessedOnceByAnotherProcessAndResultsComeInCompletionOrder() throws {
        try withTemporaryFolder { folder in
            // The first file submitted is the largest; which finishes when is the machine's
            // business (with the FFT pass a large file is no longer much slower), so the test
            // asks only that results are printed in the order the workers recorded them.
            try writeCurve(folder, "a_large.lc", points: 20_000, period: 3.3)
            for index in 1...6 { try writeCurve(folder, "b_small_\(index).lc", points: 300, period: Double(index), seed: UInt64(index)) }
            let (recording, status) = try runToEnd(PoolDemo(), ["--processes", "2", "--files", folder, "--nfreq", "5000"])
            #expect(status.checks.allSatisfy { $0.passed }, "\(status.checks)")
            let parent = getpid()
            let workers = recording.tracks.filter { $0.info.kind == .process }
            #expect((1...2).contains(workers.count))
            #expect(workers.allSatisfy { $0.info.pid != parent && $0.info.pid > 0 && $0.info.tid > 0 })

            let results = TraceAnalysis.instants(recording, .result)
            let files = results.map { recording.name(of: $0.event.object) ?? "?" }
            #expect(files.sorted() == ["a_large.lc"] + (1...6).map { "b_small_\($0).lc" })
            // The result instants are recorded by the worker processes themselves.
            #expect(results.allSatisfy { recording.tracks[$0.worker].info.kind == .process })
            // And the parent printed each worker's results in the order that worker completed them
            // (two workers' results a few microseconds apart may reach the parent either way).
            let printed = recording.output.map(\.text).filter { $0.hasPrefix("res ") }.map { String($0.split(separator: " ")[1]) }
            #expect(Set(printed) == Set(files) && printed.count == files.count)
            for worker in Set(results.map(\.worker)) {
                let mine = Set(results.filter { $0.worker == worker }.map { recording.name(of: $0.event.object) ?? "?" })
                #expect(printed.filter(mine.contains) == files.filter(mine.contains), "worker \(worker)")
            }
            let periods = results.map(\.event.resultPeriod)
            #expect(abs(periods[files.firstIndex(of: "a_large.lc")!] - 3.3) < 0.05)
            #expect(eventually { survivingThreads(recording).isEmpty })
        }
    }

    @Test func aMalformedFileFailsAloneWithItsLine() throws {
        try withTemporaryFolder { folder in
            for index in 1...3 { try writeCurve(folder, "good_\(index).lc", points: 200, period: 2, seed: UInt64(index)) }
            try "# broken\n1 2 0.1\n2 3 0.1\n3 4 zero\n".write(toFile: folder + "/bad.lc", atomically: true, encoding: .utf8)
            let (recording, status) = try runToEnd(PoolDemo(), ["--processes", "2", "--files", folder, "--nfreq", "2000"])
            let outcome = try #require(status.outcome)
            #expect(outcome.values["failed"] == 1)
            #expect(outcome.values["results"] == 4)
            #expect(recording.output.contains { $0.text.contains("res bad.lc  FAILED: \(folder)/bad.lc:4: error is not a finite number: 'zero'") })
            #expect(recording.output.filter { $0.text.hasPrefix("res good_") }.count == 3)
            let check = try #require(status.checks.first { $0.name == "every file gave a period" })
            #expect(!check.passed && check.detail == "1 of 4 failed: their lines say why")
        }
    }

    @Test func aWorkerKilledMidTaskIsReplacedAndItsTaskReportedFailed() throws {
        try withTemporaryFolder { folder in
            try writeCurve(folder, "a_doomed.lc", points: 40_000, period: 2)
            for index in 1...4 { try writeCurve(folder, "b_\(index).lc", points: 300, period: 2, seed: UInt64(index)) }
            let run = try start(PoolDemo(), ["--processes", "1", "--files", folder], mode: .fast)
            // Wait until the single worker is running the large first file, then kill it.
            var victim: Int32 = 0
            #expect(eventually {
                let recording = run.recorder.snapshot()
                guard let worker = recording.tracks.first(where: { $0.info.kind == .process }),
                      worker.events.last?.state == .running else { return false }
                victim = worker.info.pid
                return true
            })
            kill(victim, SIGKILL)
            let status = run.wait()
            let recording = run.recorder.snapshot()
            let outcome = try #require(status.outcome)
            #expect(outcome.values["failed"] == 1)
            #expect(outcome.values["results"] == 5)
            #expect(recording.output.contains {
                $0.text.contains("res a_doomed.lc  FAILED: worker process \(victim) was killed by signal 9 (SIGKILL)")
            })
            #expect(recording.output.filter { $0.text.hasPrefix("res b_") && !$0.text.contains("FAILED") }.count == 4)
            let pids = Set(recording.tracks.filter { $0.info.kind == .process }.map(\.info.pid))
            #expect(pids.count == 2 && pids.contains(victim), "a new worker replaced the killed one")
            #expect(eventually { survivingThreads(recording).isEmpty })
        }
    }

    @Test(arguments: [PacerMode.paused, .stepping, .speed(1)])
    func cancellingThePoolLeavesNoProcess(mode: PacerMode) throws {
        let run = try start(PoolDemo(), ["--processes", "2"], mode: mode)
        #expect(eventually { run.recorder.snapshot().tracks.filter { $0.info.kind == .process && $0.info.tid != 0 }.count == 2 })
        run.cancel()
        #expect(run.wait() == .cancelled)
        let recording = run.recorder.snapshot()
        #expect(recording.tracks.allSatisfy { $0.events.isEmpty || $0.doneTime != nil })
        #expect(eventually { survivingThreads(recording).isEmpty })
    }

    @Test func inStepModeTheStudentChoosesWhichProcessTakesTheNextFile() throws {
        try withTemporaryFolder { folder in
            for index in 1...3 { try writeCurve(folder, "c_\(index).lc", points: 100, period: 1, seed: UInt64(index)) }
            let run = try start(PoolDemo(), ["--processes", "2", "--files", folder, "--nfreq", "500"], mode: .stepping)
            #expect(eventually { run.pacer.nextSteps.count == 2 })
            let workers = run.pacer.nextSteps.keys.sorted()
            // The second worker takes all three files; the first none.
            for _ in 0..<3 {
                #expect(run.pacer.step(workers[1]))
                #expect(run.pacer.awaitCheckpoint(workers[1]))
            }
            run.pacer.setMode(.fast)
            _ = run.wait()
            let recording = run.recorder.snapshot()
            let doers = TraceAnalysis.instants(recording, .result).map(\.worker)
            #expect(doers == [workers[1], workers[1], workers[1]])
        }
    }
}
