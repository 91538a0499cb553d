import Foundation
import Testing
import TutorAstro
import TutorTestSupport

/// The light-curve parser over thousands of mutated copies of the shipped samples: it never
/// crashes, and every input is either a usable curve or one `file:line: message` error.
@Suite struct LightCurveParserPropertyTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Lessons/data/lightcurves")

    @Test func mutatedCurvesParseOrNameTheirLine() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.samples.path).filter { $0.hasSuffix(".lc") }.sorted()
        // The three shortest samples: a debug build counts every line of every input.
        let seeds = try files.map { Array(try Data(contentsOf: Self.samples.appendingPathComponent($0))) }
            .sorted { $0.count < $1.count }.prefix(3).map { $0 }
        var curves = 0, errors = 0
        for (index, bytes) in Mutations(of: seeds, count: 3_000, seed: 6).enumerated() {
            let lineCount = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
            do {
                let curve = try LightCurveParser.parse(bytes, name: "m.lc")
                curves += 1
                #expect(curve.count >= LightCurveParser.minimumPoints, "input \(index)")
                #expect(curve.times.allSatisfy(\.isFinite) && curve.magnitudes.allSatisfy(\.isFinite), "input \(index)")
                #expect(curve.errors.allSatisfy { $0 > 0 && $0.isFinite }, "input \(index)")
            } catch {
                errors += 1
                if let line = error.line {
                    #expect((1...lineCount).contains(line), "input \(index): \(error)")
                    #expect(error.description.hasPrefix("m.lc:\(line): "), "input \(index): \(error)")
                } else {
                    // A problem of the whole file (too few points, one time for all) names no line.
                    #expect(error.description.hasPrefix("m.lc: ") && error.description.contains("the same time")
                        || error.description.contains("a period search needs at least"), "input \(index): \(error)")
                }
                #expect(isOnePrintableLine(error.description), "input \(index): \(error.description.debugDescription)")
            }
        }
        #expect(curves > 100 && errors > 100, "the mutations reach both outcomes: \(curves) curves, \(errors) errors")
    }
}
