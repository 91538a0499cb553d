#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex: the operating system's own lock, as the lock demos promise.
///
/// Swift's `Synchronization.Mutex` would be shorter, but ThreadSanitizer misreports it as an
/// access race on correct code, and the engine's tests must run clean under TSan.
public final class PthreadMutex: @unchecked Sendable {
    let raw: UnsafeMutablePointer<pthread_mutex_t>

    public init() {
        raw = .allocate(capacity: 1)
        raw.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(raw, nil)
        precondition(status == 0, "pthread_mutex_init failed: \(status)")
    }

    deinit {
        pthread_mutex_destroy(raw)
        raw.deallocate()
    }

    public func lock() {
        let status = pthread_mutex_lock(raw)
        precondition(status == 0, "pthread_mutex_lock failed: \(status)")
    }

    /// Waits for the mutex in slices of `slice` seconds (`pthread_mutex_timedlock`), asking
    /// `giveUp` between them: a wait that may never end (a deadlock) can still be ended.
    /// - Returns: whether the mutex is now held.
    public func lock(givingUpWhen giveUp: () -> Bool, slice: Double = 0.02) -> Bool {
        while true {
            var deadline = timespec()
            clock_gettime(CLOCK_REALTIME, &deadline)
            let nanoseconds = Int(deadline.tv_nsec) + Int(slice * 1e9)
            deadline.tv_sec += nanoseconds / 1_000_000_000
            deadline.tv_nsec = nanoseconds % 1_000_000_000
            let status = pthread_mutex_timedlock(raw, &deadline)
            if status == 0 { return true }
            precondition(status == ETIMEDOUT, "pthread_mutex_timedlock failed: \(status)")
            if giveUp() { return false }
        }
    }

    public func unlock() {
        let status = pthread_mutex_unlock(raw)
        precondition(status == 0, "pthread_mutex_unlock failed: \(status)")
    }

    /// Runs `body` with the mutex held, releasing it however `body` exits.
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}
