import Foundation
import TutorSafeText

/// The parts of a job combined into one table (`tutor periods --merge`), and what is missing:
/// shares no part was found for, files of a share without a result, files that failed.
public struct PeriodMerge: Sendable {
    /// Every result, sorted by file.
    public var results: [PeriodResult]
    /// Shares (`K/N`) of the job that no part was found for.
    public var missingShares: [String]
    /// Files a part was given but has no result for.
    public var missingFiles: [String]
    /// Part files that could not be read, with why.
    public var unreadable: [String]
    public var parts: [PeriodPart]

    public var failedFiles: [PeriodResult] {
        results.filter { if case .failed = $0.outcome { true } else { false } }
    }

    public var isComplete: Bool {
        missingShares.isEmpty && missingFiles.isEmpty && unreadable.isEmpty && failedFiles.isEmpty
    }

    /// Reads the parts in `paths`: part files, or folders standing for the `.json` files in them.
    public static func merge(_ paths: [String]) throws(PartError) -> PeriodMerge {
        var partFiles: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw PartError("\(path): no such file or folder")
            }
            if isFolder.boolValue {
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                    throw PartError("\(path): cannot read this folder")
                }
                partFiles += names.filter { $0.hasSuffix(".json") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                partFiles.append(path)
            }
        }
        var parts: [PeriodPart] = []
        var unreadable: [String] = []
        for file in partFiles {
            do throws(PartError) { parts.append(try PeriodPart.read(file)) } catch { unreadable.append(error.description) }
        }
        guard !parts.isEmpty || !unreadable.isEmpty else {
            throw PartError("\(paths.joined(separator: " ")): no parts here (the .json files tutor periods --out writes)")
        }
        return PeriodMerge(parts: parts, unreadable: unreadable)
    }

    init(parts: [PeriodPart], unreadable: [String]) {
        self.parts = parts
        self.unreadable = unreadable
        var byFile: [String: PeriodResult] = [:]
        for part in parts {
            for record in part.results { byFile[record.file] = record.result }
        }
        results = byFile.values.sorted { $0.file < $1.file }
        missingFiles = Set(parts.flatMap(\.files)).subtracting(byFile.keys).sorted()
        let shares = parts.compactMap { try? Chunk.parse($0.chunk) }
        var missing: [String] = []
        for count in Set(shares.map(\.count)).sorted() {
            let present = Set(shares.filter { $0.count == count }.map(\.index))
            missing += (0..<count).filter { !present.contains($0) }.map { "\($0)/\(count)" }
        }
        missingShares = missing
    }

    /// What is wrong, one line each (file names printed inert); empty when every share and
    /// file is there and found.
    public var problems: [String] {
        rawProblems.map(TextLines.printable)
    }

    private var rawProblems: [String] {
        missingShares.map { "share \($0): no part found (did that task run? see its log)" }
            + missingFiles.map { "\($0): in a share but without a result" }
            + unreadable
            + failedFiles.map { result in
                if case .failed(let message) = result.outcome { "\(result.file): failed: \(message)" } else { "" }
            }
    }
}
