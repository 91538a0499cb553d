#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TutorAstro
import TutorSafeText

/// `pool`: Python's `Pool(processes=N).imap_unordered(one_lc, files)`, for real. N worker
/// processes find the period of every light curve; results come back and are printed in
/// completion order (`res <file> …`), and each worker's own timeline is merged with its pid.
public struct PoolDemo: Demo {
    public let id = "pool"
    public let title = "A process pool over light curves"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("processes", .integer(1...64), default: .integer(PoolDemo.cores), "worker processes"),
        ParameterSpec("files", .paths, default: .paths([]), "light-curve files or folders (default: the shipped samples)"),
    ] + PeriodSearchParameters.specs

    public let measures = ["files", "results", "failed", "processes_used", "each_file_once", "wall_seconds"]
    public let watch = DemoWatch(histogram: "wall_seconds")

    public init() {}

    /// The number of CPU cores online, Python's `os.cpu_count()`.
    public static var cores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    public func validate(_ parameters: ParameterValues) throws(ParameterError) {
        _ = try PeriodSearchParameters.grid(parameters)
    }

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let grid = try PeriodSearchParameters.grid(context.parameters)
        let settings = SearchSettings(grid: grid)
        let files = try PeriodSearch.files(context.parameters.paths("files"))
        let main = context.main
        main.enter(.idle)
        let start = MonotonicClock.now()
        let results = try PeriodSearch.search(context, files: files, processes: context.parameters.integer("processes"),
                                              settings: settings, onShortfall: { main.print($0) }) { main.print(Self.line(for: $0)) }
        main.enter(.running)
        let wall = Double(MonotonicClock.now() - start) / 1e9
        let failed = results.filter { if case .failed = $0.outcome { true } else { false } }.count
        // Pid 0 marks a file no worker could take.
        let pids = Set(results.map(\.pid).filter { $0 > 0 })
        let onceEach = results.count == files.count && Set(results.map(\.file)).count == Set(files).count
        let summary = "\(results.count - failed) of \(files.count) light curves done by \(pids.count) process\(pids.count == 1 ? "" : "es")"
            + (failed > 0 ? ", \(failed) failed" : "")
        main.print(summary)
        // Paced, the wall time is mostly tutor's slow motion: four processes on two cores
        // looked faster than two. Said so, and never judged.
        let paced = context.pacer.isPacing
        return DemoOutcome(result: summary, values: [
            "files": Double(files.count), "results": Double(results.count), "failed": Double(failed),
            "processes_used": Double(pids.count), "each_file_once": onceEach ? 1 : 0, "wall_seconds": wall,
        ], unreliable: paced ? ["wall_seconds"] : [],
           caution: paced ? "paced for your eyes, its wall time is tutor's pace, not a speed: compare speeds at full speed (h, or --fast)" : nil)
    }

    /// `res lightcurve_03.lc  period 2.71828 d  power 0.912  512/512 rows  (pid 4242)`, as the course
    /// prints `res <file>`, with the rows the file kept of those it has.
    public static func line(for result: PeriodResult) -> String {
        let name = TextLines.printable(result.file.split(separator: "/").last.map(String.init) ?? result.file)
        switch result.outcome {
        case .period(let finding):
            return "res \(name)  period \(String(format: "%.5f", finding.period)) d  power \(String(format: "%.3f", finding.power))"
                + "  \(finding.points)/\(finding.rows) rows  (pid \(result.pid))"
        case .failed(let message):
            return "res \(name)  FAILED: \(message)" + (result.pid > 0 ? "  (pid \(result.pid))" : "")
        }
    }

    public func checks(_ recording: Recording, _ outcome: DemoOutcome, _ parameters: ParameterValues) -> [Check] {
        let results = TraceAnalysis.instants(recording, .result)
        let parent = recording.tracks.first?.info.pid ?? 0
        let workerPids = Set(recording.tracks.filter { $0.info.kind == .process }.map(\.info.pid))
        let files = Int(outcome.values["files"] ?? 0)
        let failed = Int(outcome.values["failed"] ?? 0)
        return [
            Check("every file processed exactly once", outcome.values["each_file_once"] == 1,
                  "\(files) file\(files == 1 ? "" : "s"), \(results.count) period\(results.count == 1 ? "" : "s") found, \(failed) failed"),
            // A file that failed is a run that did not do all its work: `tutor demo pool` then
            // exits 1, as `tutor periods` does.
            Check("every file gave a period", failed == 0,
                  failed == 0 ? "\(files) of \(files)" : "\(failed) of \(files) failed: their lines say why"),
            Check("by processes other than the parent", !workerPids.contains(parent),
                  "parent pid \(parent), worker pids \(workerPids.sorted().map(String.init).joined(separator: " "))"),
        ]
    }
}
