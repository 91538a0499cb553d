import Foundation
import Testing
@testable import TutorAstro

@Suite struct FalseAlarmTests {
    /// Baluev's eq. 6 written out plainly for a small curve (Γ directly, no log-gamma, the
    /// unweighted-then-normalised variance), as the reference.
    func reference(_ z: Double, _ curve: LightCurve, fmax: Double) -> Double {
        let n = Double(curve.count)
        let w = curve.errors.map { 1 / ($0 * $0) }
        let meanT = zip(curve.times, w).map { $0 * $1 }.reduce(0, +) / w.reduce(0, +)
        let meanT2 = zip(curve.times, w).map { $0 * $0 * $1 }.reduce(0, +) / w.reduce(0, +)
        let effective = (4 * Double.pi * (meanT2 - meanT * meanT)).squareRoot()
        let gamma = (2 / (n - 1)).squareRoot() * tgamma((n - 1) / 2) / tgamma((n - 2) / 2)
        let tau = gamma * fmax * effective * pow(1 - z, (n - 4) / 2) * ((n - 1) * z / 2).squareRoot()
        let single = pow(1 - z, (n - 3) / 2)
        return 1 - (1 - single) * exp(-tau)
    }

    let curve: LightCurve = {
        var random = SplitMix64(seed: 4)
        let times = (0..<40).map { _ in Double.random(in: 0..<30, using: &random) }
        return LightCurve(name: "small", times: times, magnitudes: times.map { sin($0) },
                          errors: times.indices.map { 0.05 + 0.01 * Double($0 % 3) })
    }()

    @Test(arguments: [0.05, 0.2, 0.35, 0.5, 0.8])
    func itIsBaluevsApproximation(z: Double) {
        let expected = reference(z, curve, fmax: 10)
        let actual = FalseAlarm.baluev(power: z, curve: curve, maximumFrequency: 10)
        #expect(abs(actual - expected) <= 1e-9 * max(expected, 1e-300) + 1e-15, "z \(z)")
    }

    @Test func higherPeaksAreLessLikelyByChanceAndAProbabilityStaysOne() {
        let values = stride(from: 0.0, through: 0.99, by: 0.01).map { FalseAlarm.baluev(power: $0, curve: curve, maximumFrequency: 10) }
        #expect(values.allSatisfy { (0...1).contains($0) })
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(values.first == 1)
        // A wider band has more chances of a high peak.
        #expect(FalseAlarm.baluev(power: 0.5, curve: curve, maximumFrequency: 20) > FalseAlarm.baluev(power: 0.5, curve: curve, maximumFrequency: 5))
    }
}

@Suite struct PeaksTests {
    /// The next peaks of a sinusoid are other candidate periods, not the main peak's shoulders
    /// and side lobes: each is at least 3/baseline from every higher one.
    @Test func furtherPeaksAreNotTheMainPeaksSideLobes() throws {
        for sample in SampleCurves.generate(count: 8, seed: 3) {
            let curve = try LightCurveParser.parse(Array(sample.text.utf8), name: sample.fileName)
            let periodogram = Periodogram(curve)
            let peaks = periodogram.peaks(4)
            #expect(peaks.count == 4 && peaks.first == periodogram.best())
            #expect(zip(peaks, peaks.dropFirst()).allSatisfy { $0.power >= $1.power })
            let baseline = curve.times.max()! - curve.times.min()!
            for (index, peak) in peaks.enumerated() {
                for higher in peaks.prefix(index) {
                    #expect(abs(peak.frequency - higher.frequency) >= Periodogram.peakSeparation / baseline, "\(sample.fileName)")
                }
                // Each is a local maximum of the exact power.
                for neighbour in [peak.index - 1, peak.index + 1] where (0..<periodogram.grid.count).contains(neighbour) {
                    #expect(periodogram.power(at: neighbour) <= peak.power)
                }
            }
        }
    }
}
