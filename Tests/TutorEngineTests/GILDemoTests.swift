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
        #expect(recording.output.contains { $0.text.hasPrefix("processes: ") && $0.text.contains("up to 2 at once") },
                "\(recording.output.map(\.text)) \(String(describing: status))")
    }

    @Test func oneModeRunsAlone() throws {
        let (recording, status) = try runToEnd(GILDemo(), ["--mode", "gil", "--workers", "3", "--units", "20"])
        #expect(status.outcome?.values.keys.sorted() == ["busy", "computing_at_once_gil", "cores_used_gil", "seconds_many_gil",
                                                         "seconds_one_gil", "speedup_gil"])
        #expect(TraceAnalysis.maxConcurrency(recording, in: [.running], among: workers(recording, "gil thread ")) == 1)
        #expect(status.checks.allSatisfy { $0.passed })
    }

    /// The rounds alternate on the same workers: each lane computes once a round, and the
    /// lone worker never computes while the N workers do (nor they while it does).
    @Test(arguments: ["threads", "processes"])
    func roundsAlternateTheLoneAndTheNWorkerRunsOnTheSameLanes(mode: String) throws {
        let (recording, status) = try runToEnd(GILDemo(), ["--mode", mode, "--workers", "2", "--units", "40", "--rounds", "3"])
        let prefix = mode == "threads" ? "thread " : "process "
        let lanes = recording.tracks.filter { $0.info.name.hasPrefix(prefix) }
        #expect(lanes.map(\.info.name).sorted() == ["\(prefix)1 of 2", "\(prefix)2 of 2", "\(prefix)alone"])
        let running = lanes.map { lane in
            (alone: lane.info.name.hasSuffix("alone"),
             slices: lane.slices(until: recording.end).filter { $0.state == .running && $0.end > $0.start })
        }
        #expect(running.allSatisfy { $0.slices.count == 3 }, "\(running.map(\.slices.count))")
        let lone = running.filter(\.alone).flatMap(\.slices), pair = running.filter { !$0.alone }.flatMap(\.slices)
        for one in lone {
            #expect(!pair.contains { $0.start < one.end && one.start < $0.end }, "the lone run overlapped the pair's")
        }
        #expect(recording.output.contains { $0.text.contains("median of") }, "\(recording.output.map(\.text))")
        #expect(status.outcome?.result.hasPrefix("speed-up with 2 workers: ") == true, "\(status.outcome?.result ?? "")")
    }

    /// While this test keeps both cores busy, the demo shows no impossible figure as a finding:
    /// a speed-up above what computed at once is flagged, and a flagged run says why (the
    /// app then judges no prediction on those values: `UpdateTests`). Under the GIL, cores
    /// used stay at most one whatever the load. (Whether the
    /// load is noticed depends on the machine's cores; what is shown must be true either way.)
    @Test func onABusyMachineNoImpossibleFigureIsShownAndFlaggedOnesAreNotJudged() throws {
        let spinners = Spinners(count: 2)
        defer { spinners.stop() }
        for _ in 0..<2 {
            let (_, status) = try runToEnd(GILDemo(), ["--workers", "2", "--units", "300"])
            let outcome = try #require(status.outcome)
            for mode in ["threads", "gil", "processes"] {
                let speedUp = try #require(outcome.values["speedup_\(mode)"])
                let atOnce = try #require(outcome.values["computing_at_once_\(mode)"])
                let possible = max(1, min(atOnce, Double(UsableCPUs.count)))
                if speedUp > possible * 1.15 {
                    #expect(outcome.unreliable.contains("speedup_\(mode)"), "\(mode): \(speedUp)x with \(atOnce) at once, unflagged")
                    // The result line names it as no finding, not as a (busy) figure.
                    #expect(outcome.result.contains(String(format: "not measured (%.2fx is impossible", speedUp)), "\(outcome.result)")
                }
            }
            #expect(try #require(outcome.values["cores_used_gil"]) <= 1.05)
            #expect(outcome.values["computing_at_once_gil"] == 1)
            #expect(outcome.unreliable.isEmpty == (outcome.caution == nil) && outcome.unreliable.isEmpty == (outcome.values["busy"] == 0))
            #expect(!outcome.unreliable.contains("cores_used_gil") && !outcome.unreliable.contains("computing_at_once_gil"))
        }
    }
}
