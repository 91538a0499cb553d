import ArgumentParser
import Foundation
import TutorAstro

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

    @Option(help: "How many curves, 1 to 1000.")
    var count: Int = SampleCurves.defaultCount

    @Option(help: "Random seed.")
    var seed: UInt64 = SampleCurves.defaultSeed

    func run() throws {
        guard (1...1_000).contains(count) else {
            throw UsageError("--count must be an integer from 1 to 1000, not '\(count)'")
        }
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for sample in SampleCurves.generate(count: count, seed: seed) {
                let path = (folder as NSString).appendingPathComponent(sample.fileName)
                try Data(sample.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            }
        } catch {
            FileHandleOutput.standardError("tutor: cannot write into \(folder): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        FileHandleOutput.standardOutput("Wrote \(count) light curves into \(folder).")
    }
}
