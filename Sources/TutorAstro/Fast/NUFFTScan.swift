#if canImport(Glibc)
import Glibc
#endif
import CTutorSystem

/// The approximate pass over a large grid, in O(N + M log M): the periodogram's sums at every
/// grid frequency from three non-uniform FFTs (Σw e^{iωt}, Σw(y−Ȳ) e^{iωt} and Σw e^{2iωt}),
/// as nifty-ls and astropy's fast methods do, but with a proven error bound on each sum.
///
/// The grid is cut into chunks of frequencies, each its own transform (`chunkModes`): a large
/// FFT runs out of the CPU's caches and costs several times more per point, while each chunk
/// spreads every point again. The kernel values are computed once for all chunks; each chunk's
/// phases are the previous chunk's turned by one rotation per point.
struct NUFFTScan: ApproximateScan {
    /// The most frequencies in one chunk, which bounds the transform's memory (`MemoryCheck`).
    static let largestChunk = 1 << 21
    let prepared: Periodogram.Prepared
    let grid: FrequencyGrid
    let error: SumsError
    let timeOrigin: Double
    private let shifted: [Double]
    private let kernel: NUFFTKernel

    /// - Parameter chunkModes: frequencies per chunk, if not the cost model's choice.
    init(_ prepared: Periodogram.Prepared, grid: FrequencyGrid, chunkModes: Int? = nil) {
        self.prepared = prepared
        self.grid = grid
        let times = prepared.times
        // The power does not change when time is shifted; centring keeps the phases small.
        let centre = ((times.min() ?? 0) + (times.max() ?? 0)) / 2
        timeOrigin = centre
        shifted = times.map { $0 - centre }
        let longest = shifted.map(abs).max() ?? 0
        let modes = min(chunkModes ?? Self.chunkModes(points: times.count, frequencies: grid.count), grid.count)
        let kernel = NUFFTKernel.shared(modes: modes)
        self.kernel = kernel
        let step = grid.step
        let chunks = (grid.count + modes - 1) / modes
        let weightedYTotal = prepared.weightedY.reduce(0) { $0 + abs($1) }
        // Rounding of the phases 2π·f·t and positions 2π·Δf·t, whose arguments reach
        // (|f| + K·Δf)·|t| cycles, and of one rotation per chunk; see NUFFTKernel.errorBound for
        // the rest.
        let cycles = (max(abs(grid.minimum), abs(grid.maximum)) + Double(kernel.largestMode) * step) * longest
            + Double(kernel.largestMode)
        let phase = 8 * 2 * Double.pi * Double.ulpOfOne * cycles + 8 * Double(chunks) * Double.ulpOfOne
        let transform = kernel.errorBound + kernel.summationBound(points: times.count)
        error = SumsError(weights: transform + phase,
                          weightedY: (transform + phase) * weightedYTotal,
                          products: (transform + 2 * phase) / 2)
    }

    /// The frequencies per chunk that cost least for this many points and frequencies, by a
    /// cost model fitted to runs on this project's 2-core AMD EPYC machines (2026-12): each chunk
    /// turns every point's three phases (~5 ns a point), spreads each point three times
    /// (2·halfWidth complex multiply-adds, ~0.25 ns each) and runs three FFTs of
    /// `NUFFTKernel.gridSize` points, ~0.35·log₂(size) ns a point while the grid fits in a
    /// core's cache and 2.5 times that beyond 2¹⁸ points.
    ///
    /// The chunks tried are those whose grid is a power of two: FFTW's plans (made without
    /// measuring) transform 2¹⁷ points as fast as 3·2¹⁵, so a chunk of 2¹⁷/1.5 frequencies
    /// costs no more FFT than one of 2¹⁶ and spreads each point a third fewer times.
    static func chunkModes(points: Int, frequencies: Int) -> Int {
        func cost(_ modes: Int) -> Double {
            let chunks = Double((frequencies + modes - 1) / modes)
            let size = Double(NUFFTKernel.gridSize(modes: modes))
            let perPoint = 0.35 * log2(size) * (size <= Double(1 << 18) ? 1 : 2.5)
            let spreading = Double(points * 2 * NonuniformFFT.halfWidth) * 0.25
            return chunks * (3 * (size * perPoint + spreading) + 5 * Double(points))
        }
        let most = min(frequencies, largestChunk)
        var best = most
        for power in 12...21 {
            let modes = Int(Double(1 << power) / NUFFTKernel.oversampling)
            if modes < most, cost(modes) < cost(best) { best = modes }
        }
        return best
    }

    func forEachSums(_ body: (Int, Sums) -> Void) {
        NonuniformFFT.borrow(modes: kernel.modes) { sweep(with: $0, body) }
    }

    private func sweep(with transform: NonuniformFFT, _ body: (Int, Sums) -> Void) {
        let length = kernel.modes, step = grid.step, count = shifted.count
        let chunks = (grid.count + length - 1) / length
        let single = NonuniformFFT.Spreading(positions: Self.positions(shifted, cycles: step), kernel: kernel)
        let double = NonuniformFFT.Spreading(positions: Self.positions(shifted, cycles: 2 * step), kernel: kernel)
        // Each point's e^{2πi·f·t} at the first chunk's centre frequency, and the turn to the next.
        let firstCentre = grid.minimum + Double(kernel.offset) * step
        var rotation = shifted.map { Complex(angle: Self.phaseAngle(cycles: firstCentre * $0)) }
        let turn = shifted.map { Complex(angle: Self.phaseAngle(cycles: Double(length) * step * $0)) }
        let re = (0..<3).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: count) }
        let im = (0..<3).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: count) }
        let outputs = (0..<6).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: length) }
        defer { (re + im + outputs).forEach { $0.deallocate() } }
        for chunk in 0..<chunks {
            for point in 0..<count {
                let turned = rotation[point], doubled = turned * turned
                let w = prepared.weights[point], wy = prepared.weightedY[point]
                re[0][point] = w * turned.re; im[0][point] = w * turned.im
                re[1][point] = wy * turned.re; im[1][point] = wy * turned.im
                re[2][point] = w * doubled.re; im[2][point] = w * doubled.im
                rotation[point] = turned * turn[point]
            }
            transform.transform(single, real: re[0], imaginary: im[0], into: outputs[0], outputs[1])
            transform.transform(single, real: re[1], imaginary: im[1], into: outputs[2], outputs[3])
            transform.transform(double, real: re[2], imaginary: im[2], into: outputs[4], outputs[5])
            let first = chunk * length
            for index in 0..<min(length, grid.count - first) {
                let sums = Sums(c: outputs[0][index], s: outputs[1][index],
                                yc: outputs[2][index], ys: outputs[3][index],
                                // cos² = (1 + cos 2θ)/2, cos·sin = sin 2θ / 2.
                                cc: (1 + outputs[4][index]) / 2, cs: outputs[5][index] / 2)
                body(first + index, sums)
            }
        }
    }

    /// 2π times the fractional part of `cycles`, in [0, 2π): the angle without the whole turns
    /// that would cost it precision.
    private static func phaseAngle(cycles: Double) -> Double {
        2 * Double.pi * (cycles - cycles.rounded(.down))
    }

    private static func positions(_ times: [Double], cycles step: Double) -> [Double] {
        times.map { phaseAngle(cycles: step * $0) }
    }
}

extension FrequencyGrid {
    /// About the bytes one search on this grid needs beyond the curve, at most: 8 a frequency for
    /// the approximate powers (kept when more than one peak is asked for); 32 a frequency for
    /// the points kept in reach of the maximum, in the worst case, a curve so noisy that no
    /// lower bound rises above zero and every point stays in reach (16-byte entries, the list
    /// growing by doubling); and for one chunk (at most `largestChunk`) the FFT's grid (two
    /// complex values a frequency), six outputs and the kernel's table.
    public var searchBytes: Double {
        let chunk = Double(min(count, NUFFTScan.largestChunk))
        return (8 + 32) * Double(count) + (2 * 16 + 6 * 8 + 8) * chunk
    }
}

/// A complex number, for turning phases.
struct Complex {
    var re: Double
    var im: Double

    init(re: Double, im: Double) {
        self.re = re
        self.im = im
    }

    init(angle: Double) {
        var sine = 0.0, cosine = 0.0
        sincos(angle, &sine, &cosine)
        self.init(re: cosine, im: sine)
    }

    static func * (a: Complex, b: Complex) -> Complex {
        Complex(re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re)
    }
}
