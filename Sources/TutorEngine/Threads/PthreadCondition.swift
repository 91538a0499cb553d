#if canImport(Glibc)
import Glibc
#endif

/// A pthread condition variable on the monotonic clock, used with a `PthreadMutex`.
///
/// Timed waits measure against `CLOCK_MONOTONIC`, so a change of wall-clock time cannot stretch
/// or cut short a paced step.
public final class PthreadCondition: @unchecked Sendable {
    private let raw: UnsafeMutablePointer<pthread_cond_t>

    public init() {
        raw = .allocate(capacity: 1)
        raw.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        let status = pthread_cond_init(raw, &attributes)
        pthread_condattr_destroy(&attributes)
        precondition(status == 0, "pthread_cond_init failed: \(status)")
    }

    deinit {
        pthread_cond_destroy(raw)
        raw.deallocate()
    }

    /// Releases `mutex`, sleeps until signalled, and re-acquires it. Wake-ups may be spurious:
    /// callers wait in a `while` loop over their condition.
    public func wait(_ mutex: PthreadMutex) {
        pthread_cond_wait(raw, mutex.raw)
    }

    /// Like `wait`, but returns by the monotonic time `deadline` (nanoseconds) at the latest.
    public func wait(_ mutex: PthreadMutex, until deadline: UInt64) {
        var time = timespec(
            tv_sec: Int(deadline / 1_000_000_000),
            tv_nsec: Int(deadline % 1_000_000_000)
        )
        pthread_cond_timedwait(raw, mutex.raw, &time)
    }

    public func signal() { pthread_cond_signal(raw) }

    public func broadcast() { pthread_cond_broadcast(raw) }
}
