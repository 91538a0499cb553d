#if canImport(Glibc)
import Glibc
#endif
import CTutorSystem

/// The one clock of the engine: `CLOCK_MONOTONIC` in nanoseconds (about 30 ns a read), which
/// child processes share, so their timestamps merge with the parent's without conversion.
public enum MonotonicClock {
    @inline(__always)
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// The CPU the calling thread runs on, or -1 where the system cannot tell.
    @inline(__always)
    public static func currentCPU() -> Int32 {
        Int32(tutor_current_cpu())
    }

    /// The kernel's id of the calling thread.
    public static func currentThreadID() -> Int32 {
        Int32(tutor_thread_id())
    }

    /// The CPU time the calling thread has used, in nanoseconds: what load cannot inflate
    /// (a thread that waits for a core gains none), unlike its wall time.
    public static func currentThreadCPUTime() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}
