import ArgumentParser
import Foundation
import TutorAstro
import TutorEngine

/// `tutor bench`: measures the light-curve pool and prints figures (it judges nothing). Build
/// with `-c release` for figures worth quoting.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the period search: curves per second on 1 and N processes.",
        discussion: "Run as: swift run -c release tutor bench. Each figure is the median of the runs, with min and max."
    )

    @Option(help: "Worker processes for the parallel run (default: the number of cores).")
    var processes: Int = PoolDemo.cores

    @Option(help: "Repetitions of each measurement.")
    var runs: Int = 5

    @Flag(help: "Fewer repetitions, for a quick look.")
    var quick = false

    func run() throws {
        let repetitions = quick ? 2 : max(1, runs)
        let files = try PeriodSearch.files([])
        let curves = try files.map { path in try LightCurveFiles.load(path) }
        let points = curves.map(\.count).reduce(0, +)
        print("Light curves: \(files.count) shipped samples, \(points) points, grid \(FrequencyGrid.standard.count) frequencies")

        let kernel = Measurement.repeat(repetitions) {
            for curve in curves { _ = Periodogram(curve).best() }
        }
        print(kernel.line("periodogram in this process, 1 thread", files.count))

        let single = Measurement.repeat(repetitions) { _ = try? PeriodSearch.run(files: files, processes: 1, grid: .standard) { _ in } }
        print(single.line("tutor periods, 1 process", files.count))
        let parallel = Measurement.repeat(repetitions) {
            _ = try? PeriodSearch.run(files: files, processes: processes, grid: .standard) { _ in }
        }
        print(parallel.line("tutor periods, \(processes) processes", files.count))
        let efficiency = single.median / parallel.median / Double(processes)
        print(String(format: "parallel efficiency (speed-up / processes): %.2f", efficiency))
    }
}

/// Wall-clock seconds of repeated runs of the same work.
struct Measurement {
    var seconds: [Double]

    static func `repeat`(_ count: Int, _ body: () -> Void) -> Measurement {
        Measurement(seconds: (0..<count).map { _ in
            let start = Date()
            body()
            return Date().timeIntervalSince(start)
        })
    }

    var median: Double { seconds.sorted()[seconds.count / 2] }

    func line(_ label: String, _ curves: Int) -> String {
        String(format: "%@: %.3f s (min %.3f, max %.3f), %.1f curves/s", label, median,
               seconds.min() ?? 0, seconds.max() ?? 0, Double(curves) / median)
    }
}
