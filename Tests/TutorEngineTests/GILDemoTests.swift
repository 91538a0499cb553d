#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import TutorEngine

@Suite struct GILDemoTests {
    func workers(_ recording: Recording, _ prefix: String) -> (Track) -> Bool {
        { $0.info.name.hasPrefix(prefix) && !$0.info.name.hasSuffix(" alone") }
    }

    @Test func gilThreadsNeverComputeAtOnce() throws {
        let (recording, status) = try runToEnd(GILDemo(), ["--workers", "2", "--units", "60"])
        let outcome = try #require(status.outcome)
        #expect(TraceAnalysis.maxConcurrency(recording, in: [.running], among: workers(recording, "gil thread ")) == 1)
        // GIL threads really took turns: both computed, never together (above), and the GIL
        // changed hands from one to the other at least once. (Waiting alone proves nothing:
        // every GIL thread starts by waiting for it.)
        let gilThreads = recording.tracks.filter(workers(recording, "gil thread "))
        #expect(gilThreads.count == 2)
        let turns = gilThreads.flatMap { track in
            track.slices(until: recording.end).filter { $0.state == .running && $0.end > $0.start }
                .map { (start: $0.start, worker: track.info.id) }
        }.sorted { $0.start < $1.start }
        #expect(Set(turns.map(\.worker)).count == 2, "both GIL threads computed")
        let handOffs = zip(turns, turns.dropFirst()).filter { $0.worker != $1.worker }.count
        #expect(handOffs >= 1, "the GIL changed hands \(handOffs) times")
        // Process workers are real processes other than this one.
        let processes = recording.tracks.filter(workers(recording, "process "))
        #expect(processes.count == 2 && processes.allSatisfy { $0.info.kind == .process && $0.info.pid != getpid() })
        for mode in ["threads", "gil", "processes"] { #expect(outcome.values["speedup_\(mode)"] != nil) }
        #expect(recording.output.count == 3)
        #expect(status.checks.map(\.name) == ["GIL threads never compute at once"])
        #expect(status.checks.allSatisfy { $0.passed })
    }

    @Test func processesComputeAtTheSameTime() throws {
        // Step mode lines the workers up, so the test does not depend on how fast processes start.
        let run = try start(GILDemo(), ["--mode", "processes", "--workers", "2", "--units", "150"], mode: .stepping)
        func isBaseline(_ worker: Int) -> Bool {
            run.recorder.snapshot().tracks[worker].info.name.hasSuffix(" alone")
        }
        // Let the one-worker baseline through, until both workers of the real run wait at the start.
        #expect(eventually {
            for worker in run.pacer.nextSteps.keys where isBaseline(worker) { run.pacer.step(worker) }
            return run.pacer.nextSteps.keys.filter { !isBaseline($0) }.count == 2
        })
        run.pacer.setMode(.fast)
        let status = run.wait()
        let recording = run.recorder.snapshot()
        #expect(TraceAnalysis.maxConcurrency(recording, in: [.running], among: workers(recording, "process ")) == 2)
        #expect(status.outcome?.result.hasSuffix("up to 2 computing at once") == true)
    }

    @Test func oneModeRunsAlone() throws {
        let (recording, status) = try runToEnd(GILDemo(), ["--mode", "gil", "--workers", "3", "--units", "20"])
        #expect(status.outcome?.values.keys.sorted() == ["seconds_many_gil", "seconds_one_gil", "speedup_gil"])
        #expect(TraceAnalysis.maxConcurrency(recording, in: [.running], among: workers(recording, "gil thread ")) == 1)
        #expect(status.checks.allSatisfy { $0.passed })
    }
}

