#if canImport(Glibc)
import Glibc
#endif

/// The approximate pass over a large grid, in O(N + M log M): the periodogram's sums at every
/// grid frequency from three non-uniform FFTs (Σw e^{iωt}, Σw(y−Ȳ) e^{iωt} and Σw e^{2iωt}),
/// as nifty-ls and astropy's fast methods do, but with a proven error bound on each sum.
///
/// The grid is cut into chunks of at most `largestChunk` frequencies, each its own transform, so
/// the FFT's memory stays bounded whatever the grid's size; only the positions' spreading is
/// repeated per chunk.
struct NUFFTScan: ApproximateScan {
    static let largestChunk = 1 << 20

    let prepared: Periodogram.Prepared
    let grid: FrequencyGrid
    let error: SumsError
    let timeOrigin: Double
    private let shifted: [Double]
    private let kernel: NUFFTKernel

    init(_ prepared: Periodogram.Prepared, grid: FrequencyGrid) {
        self.prepared = prepared
        self.grid = grid
        let times = prepared.times
        // The power does not change when time is shifted; centring keeps the phases small.
        let centre = ((times.min() ?? 0) + (times.max() ?? 0)) / 2
        timeOrigin = centre
        shifted = times.map { $0 - centre }
        let longest = shifted.map(abs).max() ?? 0
        let chunks = (grid.count + Self.largestChunk - 1) / Self.largestChunk
        let kernel = NUFFTKernel.shared(modes: (grid.count + chunks - 1) / chunks)
        self.kernel = kernel
        let step = grid.step
        let weightedYTotal = prepared.weightedY.reduce(0) { $0 + abs($1) }
        // Rounding of the phases 2π·f·t and positions 2π·Δf·t, whose arguments reach
        // (|f| + K·Δf)·|t| cycles; see NonuniformFFT.errorBound for the rest.
        let cycles = (max(abs(grid.minimum), abs(grid.maximum)) + Double(kernel.largestMode) * step) * longest
            + Double(kernel.largestMode)
        let phase = 8 * 2 * Double.pi * Double.ulpOfOne * cycles
        error = SumsError(weights: kernel.errorBound + phase,
                          weightedY: (kernel.errorBound + phase) * weightedYTotal,
                          products: (kernel.errorBound + 2 * phase) / 2)
    }

    func forEachSums(_ body: (Int, Sums) -> Void) {
        NonuniformFFT.borrow(modes: kernel.modes) { sweep(with: $0, body) }
    }

    private func sweep(with transform: NonuniformFFT, _ body: (Int, Sums) -> Void) {
        let length = kernel.modes, step = grid.step
        let chunks = (grid.count + length - 1) / length
        let single = Self.positions(shifted, cycles: step)
        let double = Self.positions(shifted, cycles: 2 * step)
        let outputs = (0..<6).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: length) }
        defer { outputs.forEach { $0.deallocate() } }
        for chunk in 0..<chunks {
            let first = chunk * length
            let centreFrequency = grid.minimum + Double(first + kernel.offset) * step
            let rotation = shifted.map { Self.phaseAngle(cycles: centreFrequency * $0) }
            let doubled = shifted.map { Self.phaseAngle(cycles: 2 * centreFrequency * $0) }
            transform.transform(positions: single,
                                real: zip(prepared.weights, rotation).map { $0 * cos($1) },
                                imaginary: zip(prepared.weights, rotation).map { $0 * sin($1) },
                                into: outputs[0], outputs[1])
            transform.transform(positions: single,
                                real: zip(prepared.weightedY, rotation).map { $0 * cos($1) },
                                imaginary: zip(prepared.weightedY, rotation).map { $0 * sin($1) },
                                into: outputs[2], outputs[3])
            transform.transform(positions: double,
                                real: zip(prepared.weights, doubled).map { $0 * cos($1) },
                                imaginary: zip(prepared.weights, doubled).map { $0 * sin($1) },
                                into: outputs[4], outputs[5])
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
