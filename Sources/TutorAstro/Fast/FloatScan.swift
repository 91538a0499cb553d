#if canImport(Glibc)
import Glibc
#endif

/// The approximate pass over a small grid: the direct O(N·M) sum in single precision, faster
/// than the non-uniform FFTs for curves of few points (see `Periodogram.usesFFT`).
///
/// Why single precision: it puts four points in a 128-bit register that holds two doubles, which
/// doubles the throughput of the hot loop on any x86-64 or ARM CPU without CPU-specific flags
/// (four lanes rather than eight, so the six accumulators stay in the 16 SSE registers).
/// The rotation recurrence is restarted from exact double-precision angles every
/// `resyncInterval` frequencies, which bounds its float rounding (`errorBound`); the sums are
/// combined in double precision.
struct FloatScan: ApproximateScan {
    typealias Block = SIMD4<Float>
    static let resyncInterval = 1_024

    private let blocks: Int
    private let grid: FrequencyGrid
    private let times: [Double]
    private let weights: UnsafeMutablePointer<Block>
    private let weightedY: UnsafeMutablePointer<Block>
    private let cosines: UnsafeMutablePointer<Block>
    private let sines: UnsafeMutablePointer<Block>
    private let stepCosines: UnsafeMutablePointer<Block>
    private let stepSines: UnsafeMutablePointer<Block>
    private let varianceY: Double
    private let weightedYTotal: Double

    init(_ prepared: Periodogram.Prepared, grid: FrequencyGrid) {
        self.grid = grid
        let count = prepared.times.count
        let blocks = max(1, (count + 3) / 4)
        self.blocks = blocks
        times = prepared.times + Array(repeating: 0, count: blocks * 4 - count)
        let step = 2 * Double.pi * grid.step
        weights = Self.vectors(prepared.weights, blocks, padding: 0)
        weightedY = Self.vectors(prepared.weightedY, blocks, padding: 0)
        stepCosines = Self.vectors(prepared.times.map { cos(step * $0) }, blocks, padding: 1)
        stepSines = Self.vectors(prepared.times.map { sin(step * $0) }, blocks, padding: 0)
        cosines = Self.vectors([], blocks, padding: 0)
        sines = Self.vectors([], blocks, padding: 0)
        varianceY = prepared.varianceY
        weightedYTotal = prepared.weightedY.reduce(0) { $0 + abs($1) }
    }

    /// `values` four to a vector, padded with `padding` (padding points have weight 0 and a
    /// unit rotation, so they add nothing).
    private static func vectors(_ values: [Double], _ blocks: Int, padding: Float) -> UnsafeMutablePointer<Block> {
        let pointer = UnsafeMutablePointer<Block>.allocate(capacity: blocks)
        for block in 0..<blocks {
            var vector = Block(repeating: padding)
            for lane in 0..<4 where block * 4 + lane < values.count {
                vector[lane] = Float(values[block * 4 + lane])
            }
            pointer[block] = vector
        }
        return pointer
    }

    var timeOrigin: Double { 0 }

    var error: SumsError {
        let unit = errorBound
        return SumsError(weights: unit.linear, weightedY: unit.linear * weightedYTotal, products: unit.products)
    }

    func forEachSums(_ body: (Int, Sums) -> Void) {
        var index = 0
        while index < grid.count {
            start(at: index)
            let end = min(grid.count, index + Self.resyncInterval)
            while index < end {
                body(index, sumsAndAdvance())
                index += 1
            }
        }
    }

    /// Bounds on the sums' errors per unit of Σ|weight|, for sums of one cosine or sine times a
    /// weight (`linear`) and of two (`products`). With u = 2⁻²⁴: a restarted (cos, sin) is off by
    /// at most 1.5u; each rotation multiplies in a factor that is off by 1.5u and rounds by 3u
    /// (a complex product), so after n steps the error is at most e = 4.5u·(n+1) (to first order;
    /// the 0.1 % margin covers the rest for n ≤ 1024). Each lane sums B = blocks terms, each off by
    /// e plus its own rounding, with recursive-summation error (B + 5)·u·Σ|term|; the weights'
    /// own rounding to float adds u. A grid shorter than `resyncInterval` takes fewer steps.
    private var errorBound: (linear: Double, products: Double) {
        let unit = Double(Float.ulpOfOne) / 2
        let rotation = 4.5 * unit * Double(min(Self.resyncInterval, grid.count)) * 1.001
        let summation = Double(blocks + 6) * unit * 1.01
        let linear = rotation + (1 + rotation) * summation + unit
        let products = 2 * rotation + rotation * rotation + (1 + rotation) * (1 + rotation) * summation + unit
        return (linear, products)
    }

    private func start(at index: Int) {
        let omega = 2 * Double.pi * grid.frequency(index)
        for block in 0..<blocks {
            var c = Block.zero
            var s = Block.zero
            for lane in 0..<4 {
                let angle = omega * times[block * 4 + lane]
                c[lane] = Float(cos(angle))
                s[lane] = Float(sin(angle))
            }
            cosines[block] = c
            sines[block] = s
        }
    }

    @inline(__always)
    private func sumsAndAdvance() -> Sums {
        var sumC = Block.zero, sumS = Block.zero, sumYC = Block.zero
        var sumYS = Block.zero, sumCC = Block.zero, sumCS = Block.zero
        for block in 0..<blocks {
            let c = cosines[block], s = sines[block], w = weights[block], wy = weightedY[block]
            let wc = w * c
            sumC += wc
            sumS += w * s
            sumCC += wc * c
            sumCS += wc * s
            sumYC += wy * c
            sumYS += wy * s
            let dc = stepCosines[block], ds = stepSines[block]
            cosines[block] = c * dc - s * ds
            sines[block] = s * dc + c * ds
        }
        return Sums(c: Double(sumC.sum()), s: Double(sumS.sum()), yc: Double(sumYC.sum()), ys: Double(sumYS.sum()),
                    cc: Double(sumCC.sum()), cs: Double(sumCS.sum()))
    }

    func deallocate() {
        for pointer in [weights, weightedY, cosines, sines, stepCosines, stepSines] {
            pointer.deallocate()
        }
    }
}
