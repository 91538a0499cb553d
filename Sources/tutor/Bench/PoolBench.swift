import TutorAstro
import TutorEngine

/// The course's workload: the period search over the shipped light curves, in this process
/// (the kernel alone), then by the pool with 1 and with N worker processes.
struct PoolBench {
    let files: [String]
    let processes: Int

    struct Figures {
        var kernel: Samples
        var single: Samples
        var parallel: Samples

        /// Speed-up per process: T(1) / T(N) / N.
        var efficiency: Double { single.median / parallel.median / Double(max(1, processesUsed)) }
        var processesUsed: Int
    }

    func measure(runs: Int) throws -> Figures {
        let curves = try files.map { try LightCurveFiles.load($0) }
        let kernel = Samples.seconds(runs) {
            for curve in curves { _ = Periodogram(curve).best() }
        }
        let single = try Samples.seconds(runs) { _ = try PeriodSearch.run(files: files, processes: 1, grid: .standard) { _ in } }
        let parallel = try Samples.seconds(runs) {
            _ = try PeriodSearch.run(files: files, processes: processes, grid: .standard) { _ in }
        }
        return Figures(kernel: kernel, single: single, parallel: parallel, processesUsed: processes)
    }
}

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
                speedUps[mode, default: []].append(outcome.values["speedup_\(mode)"] ?? 0)
            }
        }
        return speedUps.mapValues(Samples.init(values:))
    }
}

/// How long a new thread and a new worker process take to start running.
struct SpawnBench {
    func measure(runs: Int) throws -> (threadMicroseconds: Samples, processMilliseconds: Samples) {
        let threads = try Samples.collect(runs * 20) { Double(try SpawnLatency.thread()) / 1e3 }
        let processes = try Samples.collect(runs * 2) { Double(try SpawnLatency.process()) / 1e6 }
        return (threads, processes)
    }
}
