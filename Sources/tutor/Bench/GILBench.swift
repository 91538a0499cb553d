import TutorEngine

/// The GIL demo's speed-ups (N workers against one) for threads, GIL-threads and processes.
struct GILBench {
    let workers: Int
    let units: Int

    func measure(runs: Int) throws -> [String: Samples] {
        guard let demo = DemoCatalog.demo("gil") else { throw BenchError.missingDemo("gil") }
        var parameters = demo.defaultParameters
        parameters["workers"] = .integer(workers)
        parameters["units"] = .integer(units)
        var speedUps: [String: [Double]] = [:]
        for _ in 0..<max(1, runs) {
            let run = try DemoRun.start(demo, parameters: parameters, mode: .fast)
            guard case .completed(let outcome, _) = run.wait() else { throw BenchError.demoFailed("gil") }
            for mode in ["threads", "gil", "processes"] {
                guard let speedUp = outcome.values["speedup_\(mode)"] else { throw BenchError.demoFailed("gil") }
                speedUps[mode, default: []].append(speedUp)
            }
        }
        return speedUps.mapValues(Samples.init(values:))
    }
}
