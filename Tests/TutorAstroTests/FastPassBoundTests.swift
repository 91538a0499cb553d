import Foundation
import Testing
@testable import TutorAstro

/// The approximate passes' error bounds hold, and they are not so loose as to mean nothing:
/// every claim of `best()`'s exactness rests on them.
@Suite struct FastPassBoundTests {
    /// Σ aⱼ e^{ikxⱼ} summed directly, in double precision.
    func directTransform(_ x: [Double], _ re: [Double], _ im: [Double], mode: Int) -> (Double, Double) {
        var sumRe = 0.0, sumIm = 0.0
        for j in x.indices {
            let c = cos(Double(mode) * x[j]), s = sin(Double(mode) * x[j])
            sumRe += re[j] * c - im[j] * s
            sumIm += re[j] * s + im[j] * c
        }
        return (sumRe, sumIm)
    }

    @Test(arguments: [1, 2, 7, 1_000, 4_097])
    func theNonuniformFFTIsWithinItsBound(modes: Int) {
        var random = SplitMix64(seed: UInt64(modes))
        let x = (0..<300).map { _ in Double.random(in: 0..<(2 * Double.pi), using: &random) }
        checkTransform(x, modes: modes, random: &random)
    }

    /// Points packed closer than the grid's spacing, hundreds to a grid point and across the
    /// grid's wrap from 2π to 0, as a fine frequency grid puts a long curve's: the spreading
    /// sums their kernels in registers before adding them to the grid.
    @Test(arguments: [1_000, 4_097])
    func aClusterOfPointsIsWithinTheBound(modes: Int) {
        var random = SplitMix64(seed: UInt64(modes) + 1)
        let x = (0..<3_000).map { _ in
            let position = Double.random(in: -0.005..<0.005, using: &random)
            return position < 0 ? position + 2 * Double.pi : position
        }.sorted()
        checkTransform(x, modes: modes, random: &random)
    }

    /// Transforms random amplitudes at `x` and compares every mode with the direct sum.
    func checkTransform(_ x: [Double], modes: Int, random: inout SplitMix64) {
        let count = x.count
        let re = (0..<count).map { _ in Double.random(in: -1...1, using: &random) }
        let im = (0..<count).map { _ in Double.random(in: -1...1, using: &random) }
        let total = zip(re, im).reduce(0) { $0 + ($1.0 * $1.0 + $1.1 * $1.1).squareRoot() }
        let kernel = NUFFTKernel.shared(modes: modes)
        let outRe = UnsafeMutablePointer<Double>.allocate(capacity: modes)
        let outIm = UnsafeMutablePointer<Double>.allocate(capacity: modes)
        defer { outRe.deallocate(); outIm.deallocate() }
        let spreading = NonuniformFFT.Spreading(positions: x, kernel: kernel)
        NonuniformFFT.borrow(modes: modes) { $0.transform(spreading, real: re, imaginary: im, into: outRe, outIm) }
        var worst = 0.0
        for index in 0..<modes {
            let (expectedRe, expectedIm) = directTransform(x, re, im, mode: index - kernel.offset)
            worst = max(worst, hypot(outRe[index] - expectedRe, outIm[index] - expectedIm))
        }
        let bound = (kernel.errorBound + kernel.summationBound(points: count)) * total
        #expect(worst <= bound, "error \(worst) above the bound \(bound)")
        // A bound far above the error would make every grid point a candidate.
        #expect(kernel.errorBound < 1e-5)
        #expect(worst > 0)
    }

    /// The exact sums at grid point `index`, with time counted from `origin`.
    func exactSums(_ prepared: Periodogram.Prepared, _ grid: FrequencyGrid, _ index: Int, origin: Double) -> Sums {
        let omega = 2 * Double.pi * grid.frequency(index)
        var sums = Sums()
        for j in prepared.times.indices {
            let angle = omega * (prepared.times[j] - origin)
            let c = cos(angle), s = sin(angle)
            sums.c += prepared.weights[j] * c
            sums.s += prepared.weights[j] * s
            sums.yc += prepared.weightedY[j] * c
            sums.ys += prepared.weightedY[j] * s
            sums.cc += prepared.weights[j] * c * c
            sums.cs += prepared.weights[j] * c * s
        }
        return sums
    }

    /// Checks every sum of `scan` against the exact ones; returns the largest error found as a
    /// fraction of its bound.
    func worstFraction(_ scan: some ApproximateScan, _ prepared: Periodogram.Prepared, _ grid: FrequencyGrid) -> Double {
        var worst = 0.0
        let error = scan.error
        scan.forEachSums { index, sums in
            guard index % 7 == 0 else { return }
            let exact = exactSums(prepared, grid, index, origin: scan.timeOrigin)
            let fractions = [abs(sums.c - exact.c) / error.weights, abs(sums.s - exact.s) / error.weights,
                             abs(sums.yc - exact.yc) / error.weightedY, abs(sums.ys - exact.ys) / error.weightedY,
                             abs(sums.cc - exact.cc) / error.products, abs(sums.cs - exact.cs) / error.products]
            worst = max(worst, fractions.max()!)
        }
        return worst
    }

    static let curves = SampleCurves.generate(count: 6, seed: 5).map {
        try! LightCurveParser.parse(Array($0.text.utf8), name: $0.fileName)
    }

    @Test(arguments: 0..<6)
    func bothPassesAreWithinTheirBounds(index: Int) {
        let prepared = Periodogram.Prepared(Self.curves[index])
        // Grids of other sizes than the standard one, and one that the FFT pass cuts into chunks.
        for grid in [FrequencyGrid(minimum: 0.05, maximum: 10, count: 3_001),
                     FrequencyGrid(minimum: 1.3, maximum: 4.2, count: 777)] {
            let nufft = worstFraction(NUFFTScan(prepared, grid: grid), prepared, grid)
            #expect(nufft <= 1, "NUFFT error \(nufft) of its bound")
            let scan = FloatScan(prepared, grid: grid)
            defer { scan.deallocate() }
            let float = worstFraction(scan, prepared, grid)
            #expect(float <= 1, "float error \(float) of its bound")
        }
    }

    @Test func aGridOfSeveralChunksIsWithinTheBound() {
        let prepared = Periodogram.Prepared(Self.curves[0])
        let grid = FrequencyGrid(minimum: 0.05, maximum: 10, count: 300_001)
        let chunk = 1 << 14
        let scan = NUFFTScan(prepared, grid: grid, chunkModes: chunk)
        var worst = 0.0
        scan.forEachSums { index, sums in
            // Both sides of the first chunk boundaries, and the last points.
            guard (chunk - 20...chunk + 20).contains(index) || (2 * chunk - 20...2 * chunk + 20).contains(index)
                || index > grid.count - 20 else { return }
            let exact = exactSums(prepared, grid, index, origin: scan.timeOrigin)
            worst = max(worst, abs(sums.c - exact.c) / scan.error.weights, abs(sums.yc - exact.yc) / scan.error.weightedY,
                        abs(sums.cc - exact.cc) / scan.error.products)
        }
        #expect(worst <= 1)
    }

    /// Both passes choose the grid point a brute-force search over exact powers chooses.
    @Test(arguments: 0..<6)
    func bothPassesFindTheExactMaximum(index: Int) {
        let curve = Self.curves[index]
        let grid = FrequencyGrid(minimum: 0.05, maximum: 10, count: 6_000)
        let periodogram = Periodogram(curve, grid: grid)
        let prepared = Periodogram.Prepared(curve)
        let powers = (0..<grid.count).map { prepared.power(at: grid.frequency($0)) }
        let expected = powers.indices.max { powers[$0] < powers[$1] }!
        for fft in [true, false] {
            let spectrum = periodogram.approximateSpectrum(prepared, fft: fft)
            let peak = periodogram.best(prepared, spectrum)
            #expect(peak.index == expected, "fft \(fft)")
            #expect(peak.power == powers[expected])
            // The proof leaves few grid points to evaluate exactly.
            #expect(spectrum.candidates().count < 50, "fft \(fft): \(spectrum.candidates().count) candidates")
        }
    }
}

/// The reported power is the exact one: within 1e-12, relative, of the power from compensated
/// (Neumaier) sums of the same double-precision terms, at every sample curve's peak.
@Suite struct ReportedPowerTests {
    func compensated(_ terms: [Double]) -> Double {
        var sum = 0.0, correction = 0.0
        for term in terms {
            let next = sum + term
            correction += abs(sum) >= abs(term) ? (sum - next) + term : (term - next) + sum
            sum = next
        }
        return sum + correction
    }

    func referencePower(_ curve: LightCurve, _ frequency: Double) -> Double {
        let inverse = curve.errors.map { 1 / ($0 * $0) }
        let total = compensated(inverse)
        let w = inverse.map { $0 / total }
        let mean = compensated(zip(w, curve.magnitudes).map(*))
        let omega = 2 * Double.pi * frequency
        let c = curve.times.map { cos(omega * $0) }, s = curve.times.map { sin(omega * $0) }
        let y = curve.magnitudes.map { $0 - mean }
        let cMean = compensated(zip(w, c).map(*)), sMean = compensated(zip(w, s).map(*))
        let yy = compensated(curve.times.indices.map { w[$0] * y[$0] * y[$0] })
        let yc = compensated(curve.times.indices.map { w[$0] * y[$0] * c[$0] })
        let ys = compensated(curve.times.indices.map { w[$0] * y[$0] * s[$0] })
        let cc = compensated(curve.times.indices.map { w[$0] * c[$0] * c[$0] }) - cMean * cMean
        let ss = compensated(curve.times.indices.map { w[$0] * s[$0] * s[$0] }) - sMean * sMean
        let cs = compensated(curve.times.indices.map { w[$0] * c[$0] * s[$0] }) - cMean * sMean
        return (ss * yc * yc + cc * ys * ys - 2 * cs * yc * ys) / (yy * (cc * ss - cs * cs))
    }

    @Test func thePeakPowerIsExact() throws {
        for sample in SampleCurves.generate() {
            let curve = try LightCurveParser.parse(Array(sample.text.utf8), name: sample.fileName)
            let peak = Periodogram(curve).best()
            let expected = referencePower(curve, peak.frequency)
            #expect(abs(peak.power - expected) <= 1e-12 * expected, "\(sample.fileName): \(peak.power) vs \(expected)")
        }
    }
}
