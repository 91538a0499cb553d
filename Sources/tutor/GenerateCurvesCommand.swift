import ArgumentParser
import Foundation
import TutorAstro
import TutorSafeText

/// `tutor generate-curves DIR`: writes the sample light curves (the shipped ones, with the
/// default seed and count).
struct GenerateCurvesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-curves",
        abstract: "Write sample light curves (.lc) with known periods into a folder.",
        discussion: "With the defaults this reproduces Lessons/data/lightcurves exactly."
    )

    @Argument(help: "The folder to write into (created if missing).")
    var folder: String

    @Option(parsing: .unconditional, help: "How many curves, 1 to 1000.")
    var count: Int = SampleCurves.defaultCount

    @Option(parsing: .unconditional, help: "Random seed.")
    var seed: UInt64 = SampleCurves.defaultSeed

    @Flag(help: "Replace files of the same names that are already there.")
    var force = false

    func run() throws {
        guard (1...1_000).contains(count) else {
            throw UsageError("--count must be an integer from 1 to 1000, not '\(count)'")
        }
        let manager = FileManager.default
        let samples = SampleCurves.generate(count: count, seed: seed)
        let paths = samples.map { (folder as NSString).appendingPathComponent($0.fileName) }
        // Someone's light curves may be there under the same names: never overwrite unasked.
        let existing = paths.filter { manager.fileExists(atPath: $0) }
        if !existing.isEmpty && !force {
            throw UsageError("\(existing.count) of the files are there already (\(TextLines.printable(existing[0])), …): "
                + "choose an empty folder, or pass --force to replace them")
        }
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (sample, path) in zip(samples, paths) {
                try Data(sample.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            }
        } catch {
            FileHandleOutput.standardError("tutor: cannot write into \(folder): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        FileHandleOutput.standardOutput("Wrote \(count) light curves into \(folder).")
    }
}
