import TutorAstro
#if canImport(Glibc)
import Glibc
#endif

/// A fixed unit of CPU-bound work: a small periodogram (500 points × 500 frequencies, about a
/// millisecond on one core). The `gil` and `parallelism` demos run the same units on threads,
/// on threads sharing a simulated GIL, and on processes, so their times compare fairly.
public enum CPUWork {
    static let curve: LightCurve = {
        var random = SplitMix64(seed: 7)
        let times = (0..<500).map { Double($0) * 0.173 + Double.random(in: 0..<0.1, using: &random) }
        let magnitudes = times.map { 15 + 0.3 * sin(2 * Double.pi * $0 / 1.7) + 0.02 * random.gaussian() }
        return LightCurve(name: "work unit", times: times, magnitudes: magnitudes,
                          errors: Array(repeating: 0.02, count: times.count))
    }()

    static let grid = FrequencyGrid(minimum: 0.1, maximum: 5, count: 500)

    /// Does one unit and returns its result (so the work cannot be optimised away).
    public static func unit() -> Double {
        Periodogram(curve, grid: grid).best().power
    }
}

