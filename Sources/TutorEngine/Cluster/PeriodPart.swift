import Foundation
import TutorAstro
#if canImport(Glibc)
import Glibc
#endif

/// One period result as JSON: `{file, period, power, falseAlarm, points, rows, used, grid,
/// peaks, pid}` (the first peak's figures at the top, every reported peak in `peaks`), or
/// `{file, error, pid}` for a file that failed. The one format of `tutor periods --json`, of a
/// share's part file and of `--merge`.
public struct PeriodRecord: Codable, Sendable, Equatable {
    public var file: String
    public var period: Double?
    public var power: Double?
    public var falseAlarm: Double?
    public var points: Int?
    public var rows: Int?
    public var used: String?
    public var grid: FrequencyGrid?
    public var peaks: [PeriodFinding.FoundPeak]?
    public var error: String?
    public var pid: Int32

    public init(_ result: PeriodResult) {
        file = result.file
        pid = result.pid
        switch result.outcome {
        case .period(let finding):
            period = finding.period
            power = finding.power
            falseAlarm = finding.falseAlarm
            points = finding.points
            rows = finding.rows
            used = finding.used
            grid = finding.grid
            peaks = finding.peaks
        case .failed(let message):
            error = message
        }
    }

    public var result: PeriodResult {
        let outcome: PeriodResult.Outcome = if let points, let rows, let used, let grid, let peaks, !peaks.isEmpty {
            .period(PeriodFinding(peaks: peaks, points: points, rows: rows, used: used, grid: grid))
        } else {
            .failed(error ?? "no period and no error recorded")
        }
        return PeriodResult(file: file, outcome: outcome, pid: pid)
    }

    public static func json(_ records: [PeriodRecord]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(records)
    }
}

/// What one share of a job wrote (`tutor periods --chunk K/N --out FILE`): which share, the
/// files it was given, their results, and where and when it ran, so that `--merge` can say
/// which shares or files are missing, and a lesson can draw when each task ran.
public struct PeriodPart: Codable, Sendable, Equatable {
    public var chunk: String
    public var files: [String]
    public var results: [PeriodRecord]
    public var host: String
    /// Unix time (seconds) when the share started and ended, from the clock every node shares.
    public var started: Double
    public var ended: Double
    public var processes: Int
    /// The CPUs the task was allowed (`Cpus_allowed_list`).
    public var cpus: String

    public init(chunk: Chunk, files: [String], results: [PeriodResult], started: Double, ended: Double, processes: Int) {
        self.chunk = chunk.description
        self.files = files
        self.results = results.map(PeriodRecord.init)
        self.started = started
        self.ended = ended
        self.processes = processes
        host = ProcessInfo.processInfo.hostName
        cpus = ProcText.read("/proc/self/status")?.split(separator: "\n")
            .first { $0.hasPrefix("Cpus_allowed_list:") }
            .map { $0.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces) } ?? "?"
    }

    /// Writes the part to `path` at once or not at all (a new file renamed over the target),
    /// so a reader never sees half a part. Refuses a target that is not a regular file.
    public func write(to path: String) throws {
        var status = stat()
        if lstat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            throw PartError("\(path): not a regular file; --out writes a new JSON file there")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PartError("\(path): could not write the results: \(error.localizedDescription)")
        }
    }

    public static func read(_ path: String) throws(PartError) -> PeriodPart {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PartError("\(path): cannot read this file")
        }
        do {
            return try JSONDecoder().decode(PeriodPart.self, from: data)
        } catch {
            throw PartError("\(path): not a part written by tutor periods --out (\(error))")
        }
    }
}

public struct PartError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
