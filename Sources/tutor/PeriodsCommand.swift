import ArgumentParser
import Foundation
import TutorAstro
import TutorEngine
import TutorSafeText

/// `tutor periods FILE_OR_DIR…`: the period of every light curve, found by a pool of worker
/// processes at full speed, one line per file as each finishes (or JSON at the end). With
/// `--chunk`, one share of the files, as one task of an array job does; with `--merge`, the
/// shares' parts combined.
struct PeriodsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "periods",
        abstract: "Find the period of each light curve with a pool of worker processes.",
        discussion: """
            Formats: tutor's own .lc (three numbers a line: time, magnitude, error); text \
            tables with a header line, separated by commas (CSV, as ZTF and ASAS-SN give them), \
            tabs or spaces, whose columns are found by name (or chosen with --time-column, \
            --value-column, --error-column; one band with --band); FITS tables (.fits, \
            .fits.gz: the LIGHTCURVE extension of TESS and Kepler files, or the first table). \
            Rows a survey marks as bad (ZTF catflags, ASAS-SN upper limits, FITS QUALITY, NaN) \
            are left out and counted in the output. Folders stand for the .lc, .csv, .tsv, \
            .ecsv, .fits and .fits.gz files in them; with no files named, the shipped sample \
            curves are searched. Exit status 1 if any file failed.

            Each result gives the best period, its power and its false-alarm probability \
            (Baluev 2008, as astropy's method="baluev"); --peaks K gives the K highest peaks.

            Splitting the work into jobs: --chunk K/N processes the K-th (from 0) of N \
            near-equal shares of the files sorted by name; --chunk slurm takes K and N from \
            the SLURM array task it runs in. --out FILE writes that share's results as JSON, \
            all at once. --merge PARTS… combines the parts (files, or folders of them) into one \
            table and says which shares or files are missing or failed (exit 1 if any).
            """
    )

    @Argument(help: "Light-curve files (.lc, tables, FITS) or folders of them; with --merge, part files or folders of them.")
    var paths: [String] = []

    // Unconditional, so that `--processes -1` is read as the number it is, and refused as one.
    @Option(parsing: .unconditional, help: "Worker processes, 1 to 64 (default: the CPUs this process may use, or SLURM_CPUS_PER_TASK in a job).")
    var processes: Int?

    @OptionGroup var search: SearchOptions

    @Option(help: "Only this share of the files: K/N (0-based), or 'slurm' inside an array task.")
    var chunk: String?

    @Option(help: "Read the list of files from FILE, one path per line.")
    var manifest: String?

    @Option(help: "Also write the results as JSON to FILE, all at once (a part for --merge).")
    var out: String?

    @Option(parsing: .unconditional, help: "Seconds a worker may say nothing during a file before it counts as stuck, and is killed and replaced (1 to 86400).")
    var watchdog: Double = WorkerWatchdog.defaultSeconds

    @Flag(help: "Combine the parts that --out wrote (the paths name them) into one table.")
    var merge = false

    @Flag(help: "Print a JSON array of {file, period, power, falseAlarm, points, rows, used, grid, peaks, pid}, with error instead for a failed file.")
    var json = false

    func run() throws {
        if merge { return try runMerge() }
        let budget = UsableCPUs.workerBudget()
        let processes = self.processes ?? budget.count
        guard (1...64).contains(processes) else {
            throw UsageError("--processes must be an integer from 1 to 64, not '\(processes)'")
        }
        guard (1...86_400).contains(watchdog) else {
            throw UsageError("--watchdog must be a number of seconds from 1 to 86400, not '\(watchdog)'")
        }
        let settings = try search.settings()
        try MemoryCheck.allows(settings, processes: processes)
        let share = try chosenChunk()
        let (found, unreadable) = try chosenFiles()
        for problem in unreadable { FileHandleOutput.standardError("tutor periods: \(problem)") }
        let files = share.map { $0.share(of: found) } ?? found
        let started = Date().timeIntervalSince1970
        let workers = min(processes, max(1, files.count))
        FileHandleOutput.standardError("tutor periods: \(files.count) file\(files.count == 1 ? "" : "s")"
            + (share.map { " (share \($0))" } ?? "") + " on \(workers) worker process" + (workers == 1 ? "" : "es")
            + (self.processes == nil ? ": \(budget.reason)" : ""))
        if case .fixed(let grid) = settings.grid {
            FileHandleOutput.standardError("tutor periods: grid \(grid.minimum)–\(grid.maximum) c/d, \(ReadSummary.grouped(grid.count)) frequencies")
        }
        let results = try search(files, processes: processes, settings: settings, printEach: !json)
        if let out {
            let whole = try Chunk(index: 0, count: 1)
            let part = PeriodPart(chunk: share ?? whole, files: files, results: results,
                                  started: started, ended: Date().timeIntervalSince1970, processes: processes)
            do { try part.write(to: out) } catch { throw UsageError(String(describing: error)) }
        } else if json {
            FileHandleOutput.standardOutput(String(decoding: try PeriodRecord.json(results.map(PeriodRecord.init)), as: UTF8.self))
        }
        if !unreadable.isEmpty || results.contains(where: { if case .failed = $0.outcome { true } else { false } }) {
            throw ExitCode.failure
        }
    }

    private func search(_ files: [String], processes: Int, settings: SearchSettings, printEach: Bool) throws -> [PeriodResult] {
        let showsGrid = if case .baseline = settings.grid { true } else { false }
        guard !files.isEmpty else { return [] }
        let pacer = Pacer()
        let signals = SignalCancellation { pacer.cancel() }
        defer { signals.stop() }
        do {
            return try PeriodSearch.run(files: files, processes: processes, settings: settings, pacer: pacer, watchdog: watchdog,
                                        onShortfall: { FileHandleOutput.standardError("tutor periods: \($0)") }) { result in
                if printEach { FileHandleOutput.standardOutput(Self.line(for: result, showingGrid: showsGrid)) }
            }
        } catch is DemoCancelled {
            throw SignalCancellation.exit
        }
    }

    private func chosenChunk() throws -> Chunk? {
        guard let chunk else { return nil }
        do throws(ChunkError) {
            return chunk == "slurm" ? try Chunk.slurm(ProcessInfo.processInfo.environment) : try Chunk.parse(chunk)
        } catch {
            throw UsageError("--chunk: \(error)")
        }
    }

    /// The files named, those of the manifest, or (neither given) the shipped samples; and
    /// the paths that could not be read, which fail alone.
    private func chosenFiles() throws -> (files: [String], problems: [LightCurveError]) {
        var named = paths
        if let manifest {
            do throws(ManifestError) { named += try Manifest.read(manifest) } catch { throw UsageError(error.description) }
            if named.isEmpty { return ([], []) }
        }
        do {
            return try PeriodSearch.filesAndProblems(named)
        } catch {
            throw UsageError(String(describing: error))
        }
    }

    private func runMerge() throws {
        guard !paths.isEmpty else { throw UsageError("--merge needs the parts: the files --out wrote, or their folder") }
        let merged: PeriodMerge
        do throws(PartError) { merged = try PeriodMerge.merge(paths) } catch { throw UsageError(error.description) }
        if json {
            FileHandleOutput.standardOutput(String(decoding: try PeriodRecord.json(merged.results.map(PeriodRecord.init)), as: UTF8.self))
        } else {
            for result in merged.results { FileHandleOutput.standardOutput(Self.line(for: result)) }
        }
        let shares = merged.parts.count
        FileHandleOutput.standardError("tutor periods --merge: \(merged.results.count) results from \(shares) part\(shares == 1 ? "" : "s")")
        for problem in merged.problems { FileHandleOutput.standardError("tutor periods --merge: \(problem)") }
        if !merged.isComplete { throw ExitCode.failure }
    }

    /// `lightcurve_03.lc  period 2.718280 d  power 0.9120  FAP 3.1e-42  points 512  pid 4242`,
    /// then what a table or FITS file gave (`used …`), the grid if it was the curve's own, and
    /// one line per further peak; the file's name printed inert (a name may hold an escape
    /// sequence or a line break).
    static func line(for result: PeriodResult, showingGrid: Bool = false) -> String {
        let file = TextLines.printable(result.file)
        switch result.outcome {
        case .period(let finding):
            var text = "\(file)  period \(String(format: "%.6f", finding.period)) d  power \(String(format: "%.4f", finding.power))"
                + "  FAP \(falseAlarm(finding.falseAlarm))  points \(finding.points)  pid \(result.pid)"
            if !result.file.lowercased().hasSuffix("." + LightCurveFiles.fileExtension) {
                text += "\n    used \(TextLines.printable(finding.used))"
            }
            if showingGrid {
                let grid = finding.grid
                text += "\n    grid \(String(format: "%.6g", grid.minimum))–\(String(format: "%.6g", grid.maximum)) c/d, "
                    + "\(ReadSummary.grouped(grid.count)) frequencies"
            }
            for (number, peak) in finding.peaks.enumerated().dropFirst() {
                text += "\n    peak \(number + 1): period \(String(format: "%.6f", peak.period)) d  power \(String(format: "%.4f", peak.power))"
                    + "  FAP \(falseAlarm(peak.falseAlarm))"
            }
            return text
        case .failed(let message):
            return "\(file)  error: \(message)" + (result.pid > 0 ? "  pid \(result.pid)" : "")
        }
    }

    /// A probability with two significant digits: 0.52, 3.1e-42.
    static func falseAlarm(_ value: Double) -> String { String(format: "%.2g", value) }
}
