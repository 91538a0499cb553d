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
    }

    func measure(runs: Int) throws -> Figures {
        let curves = try files.map { try LightCurveFiles.load($0).curve }
        let kernel = Samples.seconds(runs) {
            for curve in curves { _ = Periodogram(curve).best() }
        }
        let single = try Samples.seconds(runs) { _ = try PeriodSearch.run(files: files, processes: 1, settings: SearchSettings()) { _ in } }
        let parallel = try Samples.seconds(runs) {
            _ = try PeriodSearch.run(files: files, processes: processes, settings: SearchSettings()) { _ in }
        }
        return Figures(kernel: kernel, single: single, parallel: parallel)
    }
}
