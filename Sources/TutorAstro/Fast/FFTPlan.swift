import CFFTW

/// An in-place, backward (e^{+2πi·jk/n}) complex FFT of one size, planned once per process and
/// shared by every curve and thread.
///
/// Why a cache: planning costs more than a transform of the sizes used here, and a pool worker
/// searches many curves on the same grid. FFTW's planner is not thread-safe, so plans are made
/// under a lock; executing a plan on new arrays (`fftw_execute_dft`) is documented as thread-safe,
/// provided the arrays have the plan's alignment, which `FFTBuffer` (fftw_malloc) guarantees.
final class FFTPlan: @unchecked Sendable {
    let size: Int
    private let plan: fftw_plan

    private init(size: Int, plan: fftw_plan) {
        self.size = size
        self.plan = plan
    }

    private static let cache = Locked<[Int: FFTPlan]>([:])

    /// The plan for transforms of `size` complex values.
    static func backward(size: Int) -> FFTPlan {
        cache.withLock { plans in
            if let plan = plans[size] { return plan }
            let scratch = FFTBuffer(count: size)
            // FFTW_ESTIMATE does not touch the array; measuring would cost more than it saves
            // for one curve, and would make the choice of algorithm depend on the machine's load.
            guard let made = fftw_plan_dft_1d(Int32(size), scratch.complex, scratch.complex,
                                              FFTW_BACKWARD, FFTW_ESTIMATE) else {
                fatalError("FFTW could not plan a transform of \(size) points")
            }
            let plan = FFTPlan(size: size, plan: made)
            plans[size] = plan
            return plan
        }
    }

    /// Transforms `buffer` in place.
    func execute(_ buffer: FFTBuffer) {
        precondition(buffer.count == size)
        fftw_execute_dft(plan, buffer.complex, buffer.complex)
    }
}

/// `count` complex doubles, interleaved (re, im), aligned as FFTW wants them.
final class FFTBuffer {
    let count: Int
    /// The values as 2·count doubles: re₀, im₀, re₁, im₁, …
    let values: UnsafeMutablePointer<Double>

    init(count: Int) {
        self.count = count
        guard let raw = fftw_malloc(MemoryLayout<Double>.stride * 2 * count) else {
            fatalError("out of memory for an FFT of \(count) points")
        }
        values = raw.bindMemory(to: Double.self, capacity: 2 * count)
        values.initialize(repeating: 0, count: 2 * count)
    }

    var complex: UnsafeMutablePointer<fftw_complex> {
        UnsafeMutableRawPointer(values).assumingMemoryBound(to: fftw_complex.self)
    }

    func zero() { values.update(repeating: 0, count: 2 * count) }

    deinit { fftw_free(values) }
}

/// FFT lengths FFTW transforms fastest: products of 2, 3 and 5.
enum FFTSize {
    /// The smallest such length ≥ `minimum`.
    static func atLeast(_ minimum: Int) -> Int {
        var best = Int.max
        var two = 1
        while two < 2 * max(minimum, 1) {
            var three = two
            while three < 2 * max(minimum, 1) {
                var five = three
                while five < minimum { five *= 5 }
                best = min(best, five)
                three *= 3
            }
            two *= 2
        }
        return best
    }
}
