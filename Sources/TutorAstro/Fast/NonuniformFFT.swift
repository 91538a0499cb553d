#if canImport(Glibc)
import Glibc
#endif
import CSpread

/// A type-1 non-uniform FFT with a Gaussian kernel (Dutt & Rokhlin 1993; Greengard & Lee 2004,
/// SIAM Review 46, 443): for points xⱼ in [0, 2π) and complex amplitudes aⱼ,
///
///     F(k) = Σⱼ aⱼ e^{i k xⱼ}      for k = −offset … modes − 1 − offset,
///
/// in O(N·width + R·modes·log) instead of O(N·modes): each amplitude is spread onto a regular grid
/// of `gridSize` ≈ 2·modes points with a Gaussian, the grid is transformed with FFTW, and the
/// Gaussian's own Fourier coefficients are divided out.
///
/// `errorBound` is derived for this code, not quoted: it is what lets the periodogram prove
/// that its exact maximum is among the few grid points it evaluates exactly.
final class NonuniformFFT {
    /// Grid points on each side of a point that its Gaussian is spread onto.
    static let halfWidth = 8

    let kernel: NUFFTKernel
    private let plan: FFTPlan
    private let buffer: FFTBuffer

    private init(_ kernel: NUFFTKernel) {
        self.kernel = kernel
        plan = FFTPlan.backward(size: kernel.gridSize)
        buffer = FFTBuffer(count: kernel.gridSize)
    }

    /// Idle transforms by size: their grids are reused, because a fresh grid of this size is a
    /// fresh mapping whose page faults cost as much as the transform.
    private static let idle = Locked<[Int: [Handle]]>([:])

    /// Exclusively owned while borrowed, so it may cross threads between borrowings.
    private struct Handle: @unchecked Sendable { let transform: NonuniformFFT }

    /// Runs `body` with a transform of `modes` modes that no one else is using.
    static func borrow<Result>(modes: Int, _ body: (NonuniformFFT) -> Result) -> Result {
        let transform = idle.withLock { $0[modes]?.popLast()?.transform } ?? NonuniformFFT(NUFFTKernel.shared(modes: modes))
        defer {
            idle.withLock { transforms in
                if transforms[modes] == nil, transforms.count >= 4 { transforms.removeAll() }
                transforms[modes, default: []].append(Handle(transform: transform))
            }
        }
        return body(transform)
    }

    /// Computes F(k) for every mode into `real` and `imaginary` (index 0 is k = −offset), for
    /// amplitudes aⱼ at the points `spreading` was made for.
    func transform(_ spreading: Spreading, real: UnsafePointer<Double>, imaginary: UnsafePointer<Double>,
                   into outputReal: UnsafeMutablePointer<Double>, _ outputImaginary: UnsafeMutablePointer<Double>) {
        buffer.zero()
        spread(spreading, real, imaginary)
        plan.execute(buffer)
        let grid = buffer.values
        let (modes, offset, gridSize) = (kernel.modes, kernel.offset, kernel.gridSize)
        kernel.deconvolution.withUnsafeBufferPointer { deconvolution in
            for index in 0..<modes {
                var slot = index - offset
                if slot < 0 { slot += gridSize }
                outputReal[index] = grid[2 * slot] * deconvolution[index]
                outputImaginary[index] = grid[2 * slot + 1] * deconvolution[index]
            }
        }
    }

    /// Adds each amplitude times its kernel values to the grid points they belong to
    /// (`tutor_spread`, in C for its AVX2 version).
    private func spread(_ spreading: Spreading, _ real: UnsafePointer<Double>, _ imaginary: UnsafePointer<Double>) {
        precondition(Int(TUTOR_SPREAD_WIDTH) == 2 * Self.halfWidth && kernel.gridSize >= 2 * Self.halfWidth)
        precondition(kernel.ratioProducts.count == Int(TUTOR_SPREAD_WIDTH))
        tutor_spread(buffer.values, kernel.gridSize, spreading.starts, spreading.firstValues, spreading.shifts,
                     kernel.ratioProducts, real, imaginary, spreading.starts.count)
    }

    /// Where each point's Gaussian lands on the grid of a transform of one size, and what its
    /// values there are made from: made once for a set of positions, and used by every chunk and
    /// every set of amplitudes at those positions.
    ///
    /// The values themselves are made again at each use (`tutor_spread`) from two numbers a
    /// point: a table of them, 16 a point, was read from memory for every chunk and every sum,
    /// and at 10⁵ points the spreading spent most of its time waiting for it.
    struct Spreading {
        /// The first grid point of each point's kernel.
        let starts: [Int32]
        /// exp(−a·(−w+1−δ)²), the first kernel value, where xⱼ/h = m₀ + δ.
        let firstValues: [Double]
        /// exp(−a·(1−2δ)): the value at q is firstValue·shift^q·`NUFFTKernel.ratioProducts`[q].
        let shifts: [Double]

        init(positions: [Double], kernel: NUFFTKernel) {
            let width = NonuniformFFT.halfWidth, gridSize = kernel.gridSize, exponent = kernel.exponent
            let toGrid = Double(gridSize) / (2 * Double.pi)
            var starts = [Int32](repeating: 0, count: positions.count)
            var firstValues = [Double](repeating: 0, count: positions.count)
            var shifts = [Double](repeating: 0, count: positions.count)
            for point in positions.indices {
                let scaled = positions[point] * toGrid
                var nearest = Int(scaled.rounded(.down))
                let delta = scaled - Double(nearest)
                if nearest >= gridSize { nearest -= gridSize }
                let first = Double(-width + 1) - delta
                firstValues[point] = exp(-exponent * first * first)
                shifts[point] = exp(-exponent * (1 - 2 * delta))
                var slot = nearest - width + 1
                if slot < 0 { slot += gridSize }
                starts[point] = Int32(slot)
            }
            self.starts = starts
            self.firstValues = firstValues
            self.shifts = shifts
        }
    }
}

/// What a transform of one number of modes needs besides its grid: its sizes, the Gaussian's
/// parameters and tables, made once per size (a pool worker searches many curves on one grid).
final class NUFFTKernel: Sendable {
    let modes: Int
    let offset: Int
    let gridSize: Int
    let tau: Double
    /// a = h²/(4τ), the Gaussian's exponent per squared grid step h = 2π/gridSize.
    let exponent: Double
    /// sqrt(π/τ)·e^{k²τ}/gridSize for each mode: the Gaussian's coefficient divided out.
    let deconvolution: [Double]
    /// The part of each kernel value that does not depend on where the point lies: the value at
    /// q (from 0) is exp(−a·(q−w+1−δ)²) = exp(−a·(−w+1−δ)²)·exp(−a·(1−2δ))^q·ratioProducts[q],
    /// so ratioProducts[q] = exp(−2a·(q(q−1)/2 − q(w−1))).
    let ratioProducts: [Double]

    private init(modes: Int) {
        precondition(modes >= 1)
        let halfWidth = NonuniformFFT.halfWidth
        self.modes = modes
        offset = modes / 2
        gridSize = Self.gridSize(modes: modes)
        let oversampling = Double(gridSize) / Double(modes)
        // Greengard & Lee's choice, which balances the aliasing and truncation errors.
        let tau = Double.pi * Double(halfWidth) / (Double(modes * modes) * oversampling * (oversampling - 0.5))
        self.tau = tau
        let step = 2 * Double.pi / Double(gridSize)
        let exponent = step * step / (4 * tau)
        self.exponent = exponent
        let scale = (Double.pi / tau).squareRoot() / Double(gridSize)
        let offset = offset
        deconvolution = (0..<modes).map { index in
            let k = Double(index - offset)
            return scale * exp(k * k * tau)
        }
        ratioProducts = (0..<2 * halfWidth).map { q -> Double in
            let steps = Double(q * (q - 1) / 2 - q * (halfWidth - 1))
            return exp(-2 * exponent * steps)
        }
        let largest = Double(max(offset, modes - 1 - offset))
        // The most the division by the Gaussian's coefficients raises an error on the grid.
        let division = (Double.pi / tau).squareRoot() * exp(largest * largest * tau) / Double(gridSize)
        // Σ of one point's kernel values ≤ 1 + sqrt(π/a); the 1-norm of the grid is at most that.
        let spreadNorm = 1 + (Double.pi / exponent).squareRoot()
        errorBound = Self.bound(gridSize: gridSize, largestMode: largest, tau: tau, exponent: exponent,
                                division: division, spreadNorm: spreadNorm)
        summationPerPoint = Double.ulpOfOne / 2 * spreadNorm * division * (1 + 1e-6)
    }

    /// Grid points per mode, at least. The bound holds for any value above 1; 1.5 with a half
    /// width of 8 keeps it near 1e-5, which leaves few candidates, with a quarter less FFT than 2.
    static let oversampling = 1.5

    /// The grid of a transform of `modes` modes: `oversampling` times larger, a length FFTW
    /// transforms fast, and wider than one point's kernel so spreading wraps around it at most once.
    static func gridSize(modes: Int) -> Int {
        FFTSize.atLeast(max(Int((oversampling * Double(modes)).rounded(.up)), 4 * NonuniformFFT.halfWidth))
    }

    /// The largest |k| among the modes.
    var largestMode: Int { max(offset, modes - 1 - offset) }

    /// A bound on |computed F(k) − F(k)| for every mode, per unit of Σ|aⱼ|, from three sources:
    /// - aliasing: the grid samples the spread function, so the Gaussian's coefficients at
    ///   k ± n·gridSize fold onto k; after dividing by e^{−k²τ} these are at most
    ///   2·Σₙ exp(−τ·n·G·(n·G − 2K)) for |k| ≤ K (G the grid size);
    /// - truncation: each Gaussian is cut off beyond `halfWidth` grid steps; the dropped values
    ///   sum to at most T = 2·Σₙ exp(−a·(w + n)²) per point, which the division can raise by
    ///   sqrt(π/τ)·e^{K²τ}/G;
    /// - rounding: the FFT's, after Higham (Accuracy and Stability of Numerical Algorithms,
    ///   2nd ed., Thm 24.2: relative 2-norm error ≤ log₂G·η with η ≈ 6.7u for radix 2; taken
    ///   as 10u·log₂G for FFTW's other radices), converted from the 2-norm to each entry; the
    ///   kernel values', each within 256u of exp(−a·(q−δ)²) (two exponentials of arguments up
    ///   to a·w² in size, 17 at this oversampling and up to 25 for the smallest grids, whose
    ///   rounding the exponential turns into ~3u·25 each, a power up to 2w−1 of a third, and
    ///   four products: under 190u); and that of each product with an amplitude.
    ///   Any linear map from the grid to one mode whose coefficients are at most the division
    ///   factor in size turns an error of E in the grid's 1-norm into at most E·division.
    /// The rounding of the grid's sums, which grows with the number of points, is
    /// `summationBound(points:)`; that of the positions and phases is the caller's.
    /// Made once with the kernel: a search asks for it for each of its sums.
    let errorBound: Double
    /// u·spreadNorm·division, for `summationBound`.
    private let summationPerPoint: Double

    private static func bound(gridSize: Int, largestMode largest: Double, tau: Double, exponent: Double,
                              division: Double, spreadNorm: Double) -> Double {
        let grid = Double(gridSize)
        var aliasing = 0.0
        for n in 1...8 {
            let folded = Double(n) * grid
            aliasing += 2 * exp(-tau * folded * (folded - 2 * largest))
        }
        var dropped = 0.0
        for n in 0..<64 {
            let distance = Double(NonuniformFFT.halfWidth + n)
            dropped += 2 * exp(-exponent * distance * distance)
        }
        let truncation = dropped * division
        let unit = Double.ulpOfOne / 2
        let fft: Double = 10 * unit * log2(grid) * grid.squareRoot() * spreadNorm * division
        let table = 257 * unit * spreadNorm * division
        let total: Double = aliasing + truncation + fft + table
        return total * (1 + 1e-6) + 64 * unit
    }

    /// A bound, per unit of Σ|aⱼ|, on the rounding of the grid's sums for `points` points: each
    /// point adds at most one term to a grid point (its 2w grid points are distinct), so a grid
    /// point's value is a sum of at most `points` terms, whose rounding in any order is at most
    /// (points − 1)·u times the sum of their sizes (Higham, §4.2); summed over the grid, at
    /// most points·u·spreadNorm·Σ|aⱼ|, turned into each mode as in `errorBound`.
    func summationBound(points: Int) -> Double {
        Double(points) * summationPerPoint
    }

    private static let cache = Locked<[Int: NUFFTKernel]>([:])

    static func shared(modes: Int) -> NUFFTKernel {
        cache.withLock { kernels in
            if let kernel = kernels[modes] { return kernel }
            let kernel = NUFFTKernel(modes: modes)
            // One grid's tables at a time are what a search uses; keep memory bounded.
            if kernels.count >= 8 { kernels.removeAll() }
            kernels[modes] = kernel
            return kernel
        }
    }
}
