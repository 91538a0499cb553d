#if canImport(Glibc)
import Glibc
#endif

/// A fast, approximate pass over the whole grid in single precision, used only to find where
/// the highest peak can be; `Periodogram.best()` then evaluates those candidates exactly.
///
/// Why: single precision puts four points in a 128-bit register that holds two doubles, which
/// doubles the throughput of the hot loop on any x86-64 or ARM CPU without CPU-specific flags
/// (four lanes rather than eight, so the six accumulators stay in the 16 SSE registers).
/// The rotation recurrence is restarted from exact double-precision angles every
/// `resyncInterval` frequencies, so its float rounding stays near 1e-6; the sums are combined
/// in double precision. Candidates are all grid points within `margin` of the approximate
/// maximum, far wider than the approximation error, so the exact maximum is always among them.
struct ApproximateScan {
    typealias Block = SIMD4<Float>
    static let resyncInterval = 1_024
    static let margin = 0.01
    static let maximumCandidates = 512

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

    /// The grid indices worth evaluating exactly, highest approximate power first.
    func candidates() -> [Int] {
        var approximate = [Double](repeating: 0, count: grid.count)
        var index = 0
        while index < grid.count {
            start(at: index)
            let end = min(grid.count, index + Self.resyncInterval)
            while index < end {
                approximate[index] = powerAndAdvance()
                index += 1
            }
        }
        let highest = approximate.max() ?? 0
        let chosen = approximate.indices.filter { approximate[$0] >= highest - Self.margin }
        return Array(chosen.sorted { approximate[$0] > approximate[$1] }.prefix(Self.maximumCandidates))
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
    private func powerAndAdvance() -> Double {
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
        return Periodogram.power(
            c: Double(sumC.sum()), s: Double(sumS.sum()), yc: Double(sumYC.sum()), ys: Double(sumYS.sum()),
            cc: Double(sumCC.sum()), cs: Double(sumCS.sum()), varianceY: varianceY)
    }

    func deallocate() {
        for pointer in [weights, weightedY, cosines, sines, stepCosines, stepSines] {
            pointer.deallocate()
        }
    }
}
