#if canImport(Glibc)
import Glibc
#endif
import TutorAstro

/// The period of one light-curve file, or why it could not be found, and which process did it.
public struct PeriodResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case period(PeriodFinding)
        case failed(String)
    }

    public var file: String
    public var outcome: Outcome
    public var pid: Int32
}

/// Finds the periods of many light curves on a pool of worker processes, delivering each
/// result as it completes. The `pool` demo and `tutor periods` both run through here.
public enum PeriodSearch {
    /// Searches `files` with `processes` workers at full speed (or as `pacer` allows; cancel
    /// through it). Returns the results in completion order; `onShortfall` hears when fewer
    /// workers could be started than asked for.
    ///
    /// The largest files are handed out first, so that no worker is left with a big file
    /// while the others have finished (the pool's tail is then at most one small file).
    public static func run(files: [String], processes: Int, settings: SearchSettings, pacer: Pacer = Pacer(),
                           executable: String = WorkerExecutable.current, watchdog: Double = WorkerWatchdog.defaultSeconds,
                           onShortfall: @Sendable (String) -> Void = { _ in },
                           onResult: @escaping @Sendable (PeriodResult) -> Void) throws -> [PeriodResult] {
        let context = DemoContext(parameters: ParameterValues([]), recorder: Recorder(), pacer: pacer,
                                  workerExecutable: executable)
        let sizes = Dictionary(files.map { ($0, fileSize($0)) }, uniquingKeysWith: { first, _ in first })
        let largestFirst = files.sorted { sizes[$0, default: 0] > sizes[$1, default: 0] }
        return try search(context, files: largestFirst, processes: processes, settings: settings, watchdog: watchdog,
                          onShortfall: onShortfall, onResult: onResult)
    }

    private static func fileSize(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }

    static func search(_ context: DemoContext, files: [String], processes: Int, settings: SearchSettings,
                       watchdog: Double = WorkerWatchdog.defaultSeconds, onShortfall: @Sendable (String) -> Void = { _ in },
                       onResult: @escaping @Sendable (PeriodResult) -> Void) throws -> [PeriodResult] {
        let tasks = files.indices.map { WorkerTask.file(task: $0, path: files[$0]) }
        let pool = ProcessPool(context: context, tasks: tasks, assignment: .shared,
                               workerArguments: settings.arguments, watchdog: watchdog) { result in
            onResult(periodResult(result, files))
        }
        return try pool.run(workers: max(1, min(processes, files.count)), onShortfall: onShortfall).map { periodResult($0, files) }
    }

    private static func periodResult(_ result: ProcessPool.TaskResult, _ files: [String]) -> PeriodResult {
        let outcome: PeriodResult.Outcome
        switch result.outcome {
        case .period(let finding): outcome = .period(finding)
        case .failed(let message): outcome = .failed(message)
        case .finished: outcome = .failed("the worker reported no period")
        }
        return PeriodResult(file: files[result.task], outcome: outcome, pid: result.pid)
    }

    /// The files to search: those named (folders stand for their `.lc` files), or the shipped
    /// samples when none are named.
    public static func files(_ paths: [String]) throws -> [String] {
        let (files, problems) = try filesAndProblems(paths)
        if let first = problems.first { throw EngineError.workerFailed(first.description) }
        return files
    }

    /// The files of the paths that can be read, and what is wrong with the others: a missing
    /// path fails alone. - Throws: when no file at all is left to search.
    public static func filesAndProblems(_ paths: [String]) throws -> (files: [String], problems: [LightCurveError]) {
        let chosen = paths.isEmpty ? [LessonsLocation.sampleCurves].compactMap { $0 } : paths
        guard !chosen.isEmpty else {
            throw EngineError.workerFailed("the sample light curves were not found; name files or folders")
        }
        let (files, problems) = LightCurveFiles.expandEach(chosen)
        guard !files.isEmpty else {
            throw EngineError.workerFailed((problems.first ?? LightCurveError(file: chosen.joined(separator: " "), line: nil,
                                                                               message: "no light curves here (\(LightCurveFiles.suffixes.joined(separator: ", ")))")).description)
        }
        return (files, problems)
    }

}
