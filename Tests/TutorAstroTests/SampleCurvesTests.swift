import Foundation
import Testing
import TutorAstro

@Suite struct SampleCurvesTests {
    /// `Lessons/data/lightcurves` of this checkout.
    static let shipped = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Lessons/data/lightcurves")

    @Test func theShippedSamplesAreExactlyWhatTheGeneratorMakes() throws {
        let samples = SampleCurves.generate()
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.shipped.path).filter { $0.hasSuffix(".lc") }
        #expect(Set(names) == Set(samples.map(\.fileName)))
        for sample in samples {
            let text = try String(contentsOf: Self.shipped.appendingPathComponent(sample.fileName), encoding: .utf8)
            #expect(text == sample.text, "\(sample.fileName) differs: run `tutor generate-curves --force Lessons/data/lightcurves`")
        }
    }

    @Test func samplesAreVariedAndWithinTheirRanges() throws {
        let samples = SampleCurves.generate()
        #expect(samples.count == 48)
        #expect(Set(samples.map(\.shape)) == Set(SampleCurves.Shape.allCases))
        for sample in samples {
            let curve = try LightCurveParser.parse(Array(sample.text.utf8), name: sample.fileName)
            #expect((300...1000).contains(curve.count))
            #expect((0.2...10).contains(sample.period))
            #expect(curve.times == curve.times.sorted())
        }
    }

    @Test func theSameSeedGivesTheSameCurvesAndAnotherDoesNot() {
        #expect(SampleCurves.generate(count: 3, seed: 5).map(\.text) == SampleCurves.generate(count: 3, seed: 5).map(\.text))
        #expect(SampleCurves.generate(count: 3, seed: 5).map(\.text) != SampleCurves.generate(count: 3, seed: 6).map(\.text))
    }
}
