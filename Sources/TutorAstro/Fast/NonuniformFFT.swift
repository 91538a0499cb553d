#if canImport(Glibc)
import Glibc
#endif

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

    /// Adds each amplitude times its kernel values to the grid points they belong to.
    private func spread(_ spreading: Spreading, _ real: UnsafePointer<Double>, _ imaginary: UnsafePointer<Double>) {
        let width = 2 * Self.halfWidth, gridSize = kernel.gridSize
        let grid = buffer.values
        spreading.starts.withUnsafeBufferPointer { starts in
            spreading.values.withUnsafeBufferPointer { values in
                for point in 0..<starts.count {
                    let re = real[point], im = imaginary[point]
                    let first = Int(starts[point])
                    let kernel = values.baseAddress! + point * width
                    if first + width <= gridSize {
                        let cell = grid + 2 * first
                        for q in 0..<width {
                            cell[2 * q] += re * kernel[q]
                            cell[2 * q + 1] += im * kernel[q]
                        }
                    } else {
                        var slot = first
                        for q in 0..<width {
                            grid[2 * slot] += re * kernel[q]
                            grid[2 * slot + 1] += im * kernel[q]
                            slot += 1
                            if slot == gridSize { slot = 0 }
                        }
                    }
                }
            }
        }
    }

    /// Where each point's Gaussian lands on the grid of a transform of one size, and its values
    /// there: made once for a set of positions, and used by every chunk and every set of
    /// amplitudes at those positions.
    struct Spreading {
        /// The first grid point of each point's kernel.
        let starts: [Int32]
        /// 2·halfWidth values per point: exp(−a·(q − δ)²) for q = −w+1 … w, where xⱼ/h = m₀ + δ.
        let values: [Double]

        /// Two exponentials per point: the first kernel value, and the position-dependent part
        /// of the ratio between neighbours (the rest is the kernel's `ratios`).
        init(positions: [Double], kernel: NUFFTKernel) {
            let width = NonuniformFFT.halfWidth, gridSize = kernel.gridSize, exponent = kernel.exponent
            let toGrid = Double(gridSize) / (2 * Double.pi)
            var starts = [Int32](repeating: 0, count: positions.count)
            var values = [Double](repeating: 0, count: positions.count * 2 * width)
            kernel.ratios.withUnsafeBufferPointer { ratios in
                for point in positions.indices {
                    let scaled = positions[point] * toGrid
                    var nearest = Int(scaled.rounded(.down))
                    let delta = scaled - Double(nearest)
                    if nearest >= gridSize { nearest -= gridSize }
                    let first = Double(-width + 1) - delta
                    var value = exp(-exponent * first * first)
                    let shift = exp(-exponent * (1 - 2 * delta))
                    for q in 0..<(2 * width) {
                        values[point * 2 * width + q] = value
                        value *= shift * ratios[q]
                    }
                    var slot = nearest - width + 1
                    if slot < 0 { slot += gridSize }
                    starts[point] = Int32(slot)
                }
            }
            self.starts = starts
            self.values = values
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
    /// exp(−2·a·q) for q = −halfWidth+1 … halfWidth, the ratio between neighbouring kernel
    /// values that does not depend on where the point lies.
    let ratios: [Double]

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
        ratios = (-halfWidth + 1...halfWidth).map { exp(-2 * exponent * Double($0)) }
        errorBound = Self.bound(gridSize: gridSize, largestMode: max(offset, modes - 1 - offset), tau: tau, exponent: exponent)
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
    ///   as 10u·log₂G for FFTW's other radices), converted from the 2-norm to each entry, and
    ///   the spreading's sums of 2w terms.
    /// The rounding of the positions and phases themselves is the caller's (`phaseError`).
    /// Made once with the kernel: a search asks for it for each of its sums.
    let errorBound: Double

    private static func bound(gridSize: Int, largestMode: Int, tau: Double, exponent: Double) -> Double {
        let grid = Double(gridSize), largest = Double(largestMode)
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
        let division = (Double.pi / tau).squareRoot() * exp(largest * largest * tau) / grid
        let truncation = dropped * division
        // Σ of one point's kernel values ≤ 1 + sqrt(π/a); the 1-norm of the grid is at most that.
        let spreadNorm = 1 + (Double.pi / exponent).squareRoot()
        let unit = Double.ulpOfOne / 2
        let fft: Double = 10 * unit * log2(grid) * grid.squareRoot() * spreadNorm * division
        let spreading: Double = Double(2 * NonuniformFFT.halfWidth + 4) * unit * spreadNorm * division
        let total: Double = aliasing + truncation + fft + spreading
        return total * (1 + 1e-6) + 64 * unit
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
