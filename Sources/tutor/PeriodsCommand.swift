import ArgumentParser
import Foundation
import TutorAstro
import TutorEngine

/// `tutor periods FILE_OR_DIR…`: the period of every light curve, found by a pool of worker
/// processes at full speed, one line per file as each finishes (or JSON at the end).
struct PeriodsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "periods",
        abstract: "Find the period of each light curve with a pool of worker processes.",
        discussion: "Folders stand for the .lc files in them. Exit status 1 if any file failed."
    )

    @Argument(help: "Light-curve files (.lc) or folders of them.")
    var paths: [String]

    @Option(help: "Worker processes, 1 to 64 (default: the number of cores).")
    var processes: Int = PoolDemo.cores

    @OptionGroup var grid: GridOptions

    @Flag(help: "Print a JSON array of {file, period, power, points, pid}, with error instead for a failed file.")
    var json = false

    func run() throws {
        guard (1...64).contains(processes) else {
            throw UsageError("--processes must be an integer from 1 to 64, not '\(processes)'")
        }
        let frequencies = try grid.frequencyGrid()
        let files: [String]
        do {
            files = try PeriodSearch.files(paths)
        } catch {
            throw UsageError(String(describing: error))
        }
        let pacer = Pacer()
        let signals = SignalCancellation { pacer.cancel() }
        defer { signals.stop() }
        let printEach = !json
        let results: [PeriodResult]
        do {
            results = try PeriodSearch.run(files: files, processes: processes, grid: frequencies, pacer: pacer) { result in
                if printEach { FileHandleOutput.standardOutput(Self.line(for: result)) }
            }
        } catch is DemoCancelled {
            throw ExitCode(130)
        }
        if json { FileHandleOutput.standardOutput(try Self.json(results)) }
        let failed = results.filter { if case .failed = $0.outcome { true } else { false } }
        if !failed.isEmpty { throw ExitCode.failure }
    }

    /// `lightcurve_03.lc  period 2.718280 d  power 0.9120  points 512  pid 4242`
    static func line(for result: PeriodResult) -> String {
        switch result.outcome {
        case .period(let period, let power, let points):
            return "\(result.file)  period \(String(format: "%.6f", period)) d  power \(String(format: "%.4f", power))"
                + "  points \(points)  pid \(result.pid)"
        case .failed(let message):
            return "\(result.file)  error: \(message)  pid \(result.pid)"
        }
    }

    static func json(_ results: [PeriodResult]) throws -> String {
        let objects: [[String: Any]] = results.map { result in
            var object: [String: Any] = ["file": result.file, "pid": Int(result.pid)]
            switch result.outcome {
            case .period(let period, let power, let points):
                object["period"] = period
                object["power"] = power
                object["points"] = points
            case .failed(let message):
                object["error"] = message
            }
            return object
        }
        let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
