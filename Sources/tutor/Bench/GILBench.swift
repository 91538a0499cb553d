import TutorEngine

/// The GIL demo's speed-ups (N workers against one) for threads, GIL-threads and processes,
/// from the runs that measured them cleanly: a run whose workers did not get the CPU they could
/// have had (a busy machine) is counted and left out, never averaged in.
struct GILBench {
    let workers: Int
    let units: Int

    /// One way's speed-ups, and how many runs were left out as busy.
    struct Figures {
        var speedUps: Samples
        var leftOut: Int
    }

    func measure(runs: Int) throws -> [String: Figures] {
        guard let demo = DemoCatalog.demo("gil") else { throw BenchError.missingDemo("gil") }
        var parameters = demo.defaultParameters
        parameters["workers"] = .integer(workers)
        parameters["units"] = .integer(units)
        var figures: [String: Figures] = [:]
        for _ in 0..<max(1, runs) {
            let run = try DemoRun.start(demo, parameters: parameters, mode: .fast)
            guard case .completed(let outcome, _) = run.wait() else { throw BenchError.demoFailed("gil") }
            for mode in ["threads", "gil", "processes"] {
                guard let speedUp = outcome.values["speedup_\(mode)"] else { throw BenchError.demoFailed("gil") }
                var kept = figures[mode] ?? Figures(speedUps: Samples(values: []), leftOut: 0)
                if outcome.unreliable.contains("speedup_\(mode)") { kept.leftOut += 1 } else { kept.speedUps.values.append(speedUp) }
                figures[mode] = kept
            }
        }
        return figures
    }
}
