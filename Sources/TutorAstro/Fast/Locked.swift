#if canImport(Glibc)
import Glibc
#endif

/// A value only one thread at a time may touch: the periodogram's caches, shared by a demo's
/// threads that search curves at once (the GIL demo's work units).
///
/// Why a pthread mutex and not `Synchronization.Mutex`: ThreadSanitizer misreports the latter
/// as an access race on correct code (as TutorEngine's `PthreadMutex` notes), and the engine's
/// tests, which reach these caches, must run clean under it.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(_ value: Value) {
        self.value = value
        mutex.initialize(to: pthread_mutex_t())
        guard pthread_mutex_init(mutex, nil) == 0 else { fatalError("pthread_mutex_init failed") }
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
