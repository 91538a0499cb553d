/// The six weighted sums the power is made of at one frequency, with Σw = 1 and centred
/// magnitudes: C = Σw cos, S = Σw sin, YC = Σw(y−Ȳ)cos, YS = Σw(y−Ȳ)sin, CC = Σw cos²,
/// CS = Σw cos·sin.
struct Sums {
    var c = 0.0, s = 0.0, yc = 0.0, ys = 0.0, cc = 0.0, cs = 0.0
}

/// A bound on how far each of an approximate pass's sums can be from the exact one, the same at
/// every frequency of the grid: the pass's own error analysis (see `NonuniformFFT.errorBound` and
/// `FloatScan.errorBound`).
struct SumsError {
    /// For C and S (the weights times a cosine or sine).
    var weights: Double
    /// For YC and YS.
    var weightedY: Double
    /// For CC and CS (the weights times a product of two).
    var products: Double

}

/// Bounds on the exact power at a grid point from the approximate sums there, for one curve and
/// one pass's `SumsError`: a few operations per point.
///
/// Why it holds: with Σw = 1, the exact |C|, |S|, |CC| ≤ 1 and |YC|, |YS| ≤ Y = Σ|w(y−Ȳ)|; the
/// centred ĈĈ, ŜŜ lie in [0, 1] and |ĈŜ| ≤ ½. From these, each of ĈĈ, ŜŜ, ĈŜ is off by at most
/// h = e_products + (2 + e_weights)·e_weights, the determinant D = ĈĈ·ŜŜ − ĈŜ² by at most
/// ΔD = 4h + 2h², and the numerator N = ŜŜ·YC² + ĈĈ·YS² − 2·ĈŜ·YC·YS by at most
/// ΔN = 3q + 4(Y + e_y)²·h with q = (2Y + e_y)·e_y. The exact power N/(V·D) then lies between
/// (N′ − ΔN)/(V·(D′ + ΔD)) and (N′ + ΔN)/(V·(D′ − ΔD)), for the approximate N′ and D′.
struct PowerBounds {
    let varianceY: Double
    private let numeratorError: Double
    private let determinantError: Double

    init(_ error: SumsError, weightedYTotal total: Double, varianceY: Double) {
        self.varianceY = varianceY
        let h = error.products + (2 + error.weights) * error.weights
        let q = (2 * total + error.weightedY) * error.weightedY
        let y = total + error.weightedY
        numeratorError = 3 * q + 4 * y * y * h
        determinantError = 4 * h + 2 * h * h
    }

    /// The approximate power and an upper bound on the exact one.
    @inline(__always)
    func power(_ sums: Sums) -> (approximate: Double, upper: Double) {
        let (numerator, determinant) = terms(sums)
        let approximate = determinant > Periodogram.smallestDeterminant ? numerator / (varianceY * determinant) : 0
        // The exact formula calls a determinant at or below the threshold zero power; where the
        // bound reaches the threshold the power may be anything from 0 up.
        if determinant + determinantError <= Periodogram.smallestDeterminant { return (approximate, 0) }
        if determinant - determinantError <= Periodogram.smallestDeterminant { return (approximate, .infinity) }
        // The relative 1e-11 covers this arithmetic's own rounding and that of the exact
        // double-precision sum the winner is judged by, so a near-tie within it stays a candidate.
        return (approximate, (numerator + numeratorError) / (varianceY * (determinant - determinantError)) * (1 + 1e-11))
    }

    /// A lower bound on the exact power.
    func lower(_ sums: Sums) -> Double {
        let (numerator, determinant) = terms(sums)
        guard determinant - determinantError > Periodogram.smallestDeterminant else { return 0 }
        return max(0, numerator - numeratorError) / (varianceY * (determinant + determinantError)) * (1 - 1e-11)
    }

    /// N′ and D′, the approximate numerator and determinant.
    @inline(__always)
    private func terms(_ sums: Sums) -> (numerator: Double, determinant: Double) {
        let ccHat = sums.cc - sums.c * sums.c
        let ssHat = (1 - sums.cc) - sums.s * sums.s
        let csHat = sums.cs - sums.c * sums.s
        let determinant = ccHat * ssHat - csHat * csHat
        let numerator = ssHat * sums.yc * sums.yc + ccHat * sums.ys * sums.ys - 2 * csHat * sums.yc * sums.ys
        return (numerator, determinant)
    }
}

/// A pass over the whole grid that computes the sums approximately, with a bound on their error.
protocol ApproximateScan {
    var error: SumsError { get }
    /// The time the pass counts from. The sums rotate when time is shifted; the power does not.
    var timeOrigin: Double { get }
    /// Calls `body` with each grid index and its approximate sums, in index order.
    func forEachSums(_ body: (Int, Sums) -> Void)
}

/// What an approximate pass over the whole grid found: the grid points that may hold the exact
/// maximum, and (when asked, for `peaks`) the approximate power at every grid point.
///
/// The grid point of highest exact power is always among the `candidates`: the lower bounds at
/// the points that were the highest approximate power so far (a lower bound is a division, and
/// only the highest matter) bound the highest exact power from below, and a point whose upper
/// bound is under one of them cannot hold the maximum. The lower bound only rises as the pass
/// goes on, so a point left out once stays out: only the points still in reach are kept, and a
/// search needs no array the size of the grid (at 10⁷ frequencies, two such arrays were 160 MB
/// of page faults for a handful of candidates).
struct ApproximateSpectrum {
    /// The approximate power at every grid point, if `keepingPowers`; else empty.
    private(set) var powers: [Double] = []
    private var kept: [(index: Int, upper: Double)] = []

    init(_ scan: some ApproximateScan, count: Int, _ prepared: Periodogram.Prepared, keepingPowers: Bool = false) {
        if keepingPowers { powers = [Double](repeating: 0, count: count) }
        let bounds = PowerBounds(scan.error, weightedYTotal: prepared.weightedY.reduce(0) { $0 + abs($1) },
                                 varianceY: prepared.varianceY)
        var highest = -Double.infinity, highestApproximate = -Double.infinity
        var kept: [(index: Int, upper: Double)] = []
        // Points kept before the lower bound rose are dropped when the list doubles.
        var prunedAt = 1024
        powers.withUnsafeMutableBufferPointer { powers in
            scan.forEachSums { index, sums in
                let power = bounds.power(sums)
                if keepingPowers { powers[index] = power.approximate }
                if power.approximate > highestApproximate {
                    highestApproximate = power.approximate
                    highest = max(highest, bounds.lower(sums))
                }
                guard power.upper >= highest else { return }
                kept.append((index, power.upper))
                if kept.count >= prunedAt {
                    kept.removeAll { $0.upper < highest }
                    prunedAt = max(1024, 2 * kept.count)
                }
            }
        }
        self.kept = kept.filter { $0.upper >= highest }
    }

    /// The grid points that may hold the exact maximum, in grid order (all are evaluated
    /// exactly, so the order does not matter).
    func candidates() -> [Int] {
        kept.map(\.index)
    }
}
