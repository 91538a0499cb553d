import Foundation
import Testing
@testable import TutorAstro

/// A straightforward implementation of Zechmeister & Kürster's formulas, written independently
/// of the engine's (no centring shortcut, no recurrence, no single precision), as the reference.
func referencePower(_ curve: LightCurve, frequency: Double) -> Double {
    let omega = 2 * Double.pi * frequency
    let total = curve.errors.reduce(0) { $0 + 1 / ($1 * $1) }
    var y = 0.0, c = 0.0, s = 0.0, yy = 0.0, yc = 0.0, ys = 0.0, cc = 0.0, ss = 0.0, cs = 0.0
    for i in 0..<curve.count {
        let w = 1 / (curve.errors[i] * curve.errors[i]) / total
        let cosine = cos(omega * curve.times[i]), sine = sin(omega * curve.times[i]), value = curve.magnitudes[i]
        y += w * value; c += w * cosine; s += w * sine
        yy += w * value * value; yc += w * value * cosine; ys += w * value * sine
        cc += w * cosine * cosine; ss += w * sine * sine; cs += w * cosine * sine
    }
    let yyHat = yy - y * y, ycHat = yc - y * c, ysHat = ys - y * s
    let ccHat = cc - c * c, ssHat = ss - s * s, csHat = cs - c * s
    let d = ccHat * ssHat - csHat * csHat
    return (ssHat * ycHat * ycHat + ccHat * ysHat * ysHat - 2 * csHat * ycHat * ysHat) / (yyHat * d)
}

@Suite struct PeriodogramTests {
    static let samples = SampleCurves.generate(count: 12, seed: 99)

    func curve(_ sample: SampleCurves.Sample) throws -> LightCurve {
        try LightCurveParser.parse(Array(sample.text.utf8), name: sample.fileName)
    }

    @Test(arguments: 0..<6)
    func exactPowersMatchTheReference(index: Int) throws {
        let curve = try curve(Self.samples[index])
        let periodogram = Periodogram(curve)
        var random = SplitMix64(seed: UInt64(index))
        for _ in 0..<40 {
            let point = Int.random(in: 0..<FrequencyGrid.standard.count, using: &random)
            let expected = referencePower(curve, frequency: FrequencyGrid.standard.frequency(point))
            let actual = periodogram.power(at: point)
            #expect(abs(actual - expected) <= 1e-6 * max(abs(expected), 1e-6), "grid point \(point)")
        }
    }

    @Test(arguments: 0..<12)
    func theBestPeakIsTheReferenceMaximum(index: Int) throws {
        let curve = try curve(Self.samples[index])
        let grid = FrequencyGrid(minimum: 0.05, maximum: 10, count: 4_000)
        let powers = (0..<grid.count).map { referencePower(curve, frequency: grid.frequency($0)) }
        let expected = powers.indices.max { powers[$0] < powers[$1] }!
        let peak = Periodogram(curve, grid: grid).best()
        #expect(peak.index == expected)
        #expect(abs(peak.power - powers[expected]) <= 1e-6 * powers[expected])
    }

    @Test func theShippedSamplesGiveBackTheirPeriods() throws {
        for sample in SampleCurves.generate() {
            let peak = Periodogram(try curve(sample)).best()
            // An eclipsing binary has two dips per orbit: this periodogram rightly peaks at half the period.
            let expected = sample.shape == .eclipsing ? sample.period / 2 : sample.period
            #expect(abs(peak.period - expected) / expected < 0.01,
                    "\(sample.fileName): \(sample.shape) \(sample.period) d, found \(peak.period) d")
            #expect((0...1).contains(peak.power))
        }
    }

    @Test func aPureSinusoidOnAGridFrequencyHasPowerOneThere() {
        let grid = FrequencyGrid(minimum: 0.1, maximum: 5, count: 4_901)
        let frequency = grid.frequency(1_234)
        var random = SplitMix64(seed: 3)
        let times = (0..<400).map { _ in Double.random(in: 0..<300, using: &random) }.sorted()
        let curve = LightCurve(name: "sine", times: times, magnitudes: times.map { 10 + sin(2 * Double.pi * frequency * $0) },
                               errors: Array(repeating: 0.01, count: times.count))
        let peak = Periodogram(curve, grid: grid).best()
        #expect(peak.index == 1_234)
        #expect(abs(peak.power - 1) < 1e-9)
    }
}

/// Curves with no period to find fail with their reason instead of giving a number.
@Suite struct DegenerateCurveTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var magnitudes: [Double]
        var errors: [Double]
        var reason: String
        var testDescription: String { reason + " (errors \(errors[0]))" }
    }

    static func curve(magnitudes: [Double], errors: [Double]) -> LightCurve {
        LightCurve(name: "star.lc", times: magnitudes.indices.map { Double($0) * 0.37 }, magnitudes: magnitudes, errors: errors)
    }

    static let varying: [Double] = (0..<50).map { 15 + 0.1 * sin(Double($0)) }
    static let huge: [Double] = (0..<50).map { 1e160 * (1 + Double($0 % 7)) }
    static let cases: [Case] = [
        Case(magnitudes: Array(repeating: 15.2, count: 50), errors: Array(repeating: 0.01, count: 50), reason: "all 50 magnitudes are equal"),
        Case(magnitudes: huge, errors: Array(repeating: 0.01, count: 50), reason: "the magnitudes (up to 7e+160) are too large to square"),
        Case(magnitudes: [15, 15.3, 14.8], errors: [0.01, 0.01, 0.01], reason: "only 3 points: a sinusoid fits any 3 exactly"),
        Case(magnitudes: varying, errors: Array(repeating: 1e300, count: 50), reason: "the weights 1/error² are not finite"),
        Case(magnitudes: varying, errors: Array(repeating: 1e-300, count: 50), reason: "the weights 1/error² are not finite"),
    ]

    @Test(arguments: cases)
    func aCurveWithNoPeriodToFindFailsWithItsReason(_ test: Case) {
        let grid = FrequencyGrid(minimum: 0.05, maximum: 10, count: 2000)
        let periodogram = Periodogram(Self.curve(magnitudes: test.magnitudes, errors: test.errors), grid: grid)
        do {
            let peak = try periodogram.search()
            Issue.record("a period of \(peak.period) d with power \(peak.power) instead of a failure")
        } catch {
            #expect(error.description.hasPrefix("star.lc: ") && error.description.contains(test.reason), "\(error)")
        }
    }

    @Test func aVaryingCurveStillHasItsPeriod() throws {
        let magnitudes: [Double] = (0..<200).map { 15 + 0.3 * sin(2 * Double.pi * Double($0) * 0.37 / 2.5) }
        let curve = Self.curve(magnitudes: magnitudes, errors: Array(repeating: 0.02, count: 200))
        let peak = try Periodogram(curve, grid: FrequencyGrid(minimum: 0.05, maximum: 1.3, count: 5000)).search()
        #expect(abs(peak.period - 2.5) < 0.01)
    }
}
