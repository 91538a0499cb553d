#if canImport(Glibc)
import Glibc
#endif

/// An unnamed POSIX semaphore (`sem_init`): the operating system's own counting semaphore.
public final class PosixSemaphore: @unchecked Sendable {
    private let raw: UnsafeMutablePointer<sem_t>

    public init(value: Int) {
        raw = .allocate(capacity: 1)
        raw.initialize(to: sem_t())
        let status = sem_init(raw, 0, UInt32(value))
        precondition(status == 0, "sem_init failed: \(errno)")
    }

    deinit {
        sem_destroy(raw)
        raw.deallocate()
    }

    /// Takes one permit, blocking while there is none. Retries when a signal interrupts it.
    public func wait() {
        while sem_wait(raw) != 0 && errno == EINTR {}
    }

    public func post() {
        sem_post(raw)
    }
}
