import Synchronization

/// CPython's global interpreter lock, rebuilt on a pthread mutex and condition variables.
///
/// Only the holder may compute. A thread that has waited a whole switch interval (5 ms, as
/// `sys.getswitchinterval()`) without the GIL changing hands sets a drop request; the holder,
/// checking between units of work as the interpreter does between bytecodes, then releases it
/// and waits until another thread has taken it (CPython's forced switching), so the GIL cannot be
/// grabbed straight back. The effect the course names: CPU-bound threads take turns on one core.
final class SimulatedGIL: @unchecked Sendable {
    static let switchInterval = 0.005

    private let mutex = PthreadMutex()
    private let released = PthreadCondition()
    private let switched = PthreadCondition()
    private let dropRequest = Atomic<Bool>(false)
    private var locked = false
    private var switches = 0

    /// Waits until the calling thread holds the GIL.
    func take() {
        mutex.withLock {
            while locked {
                let seen = switches
                released.wait(mutex, until: MonotonicClock.now() + Pacer.nanoseconds(Self.switchInterval))
                if locked && switches == seen { dropRequest.store(true, ordering: .relaxed) }
            }
            locked = true
            switches += 1
            dropRequest.store(false, ordering: .relaxed)
            switched.broadcast()
        }
    }

    /// Whether another thread has asked the holder to let go.
    var isDropRequested: Bool { dropRequest.load(ordering: .relaxed) }

    /// Releases the GIL; if another thread asked for it, waits until it has taken it.
    func drop() {
        mutex.withLock {
            let forced = dropRequest.load(ordering: .relaxed)
            locked = false
            released.signal()
            if forced {
                let seen = switches
                while switches == seen { switched.wait(mutex) }
            }
        }
    }
}
