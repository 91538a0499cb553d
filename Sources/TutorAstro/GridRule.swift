/// How a search chooses its frequency grid: one grid for every curve, or, as astropy's
/// `autofrequency` does, a grid from each curve's own baseline: spacing 1/(baseline × samples
/// per peak), from half a spacing (or the given lowest frequency) to the highest frequency.
public enum GridRule: Sendable, Equatable {
    case fixed(FrequencyGrid)
    case baseline(samplesPerPeak: Double, minimum: Double?, maximum: Double)

    /// The most frequencies one search may use: its approximate pass keeps 16 bytes a frequency.
    public static let largestCount = 100_000_000

    /// The grid for `curve`.
    /// - Throws: when the baseline grid would have more than `largestCount` frequencies.
    public func grid(for curve: LightCurve) throws(LightCurveError) -> FrequencyGrid {
        switch self {
        case .fixed(let grid):
            return grid
        case .baseline(let samples, let minimum, let maximum):
            let baseline = (curve.times.max() ?? 0) - (curve.times.min() ?? 0)
            let step = 1 / (baseline * samples)
            let lowest = minimum ?? step / 2
            let count = 1 + Int(((maximum - lowest) / step).rounded())
            guard count >= 2 else {
                throw LightCurveError(file: curve.name, line: nil,
                                      message: "the baseline grid from \(lowest) to \(maximum) c/d has fewer than 2 frequencies: raise --fmax")
            }
            guard count <= Self.largestCount else {
                throw LightCurveError(file: curve.name, line: nil,
                                      message: "the baseline grid needs \(ReadSummary.grouped(count)) frequencies (baseline \(baseline) d), "
                                          + "more than \(ReadSummary.grouped(Self.largestCount)): lower --samples-per-peak or --fmax")
            }
            return FrequencyGrid(minimum: lowest, maximum: lowest + step * Double(count - 1), count: count)
        }
    }

    /// The options that give `tutor worker` this rule.
    public var arguments: [String] {
        switch self {
        case .fixed(let grid):
            return ["--fmin", "\(grid.minimum)", "--fmax", "\(grid.maximum)", "--nfreq", "\(grid.count)"]
        case .baseline(let samples, let minimum, let maximum):
            return ["--baseline-grid", "--samples-per-peak", "\(samples)", "--fmax", "\(maximum)"]
                + (minimum.map { ["--fmin", "\($0)"] } ?? [])
        }
    }
}
