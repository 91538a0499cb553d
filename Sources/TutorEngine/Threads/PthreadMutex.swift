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
