#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// One real operating-system thread (`pthread_create`), with Python's `Thread` life cycle.
///
/// Created but not started, it is not alive; `start()` returns once the new thread is running,
/// and it is alive until its body returns, which is what `threading.Thread.is_alive()` reports.
/// `join()` waits for the OS thread itself to end, so nothing is left behind.
public final class OSThread: @unchecked Sendable {
    /// Set before `start()`, then taken by the new thread alone: dropping them once run breaks
    /// the cycles of bodies that capture their owner (a run, a demo context) holding this.
    private var body: (@Sendable () -> Void)?
    private var whenFinished: (@Sendable () -> Void)?
    private let startedFlag = Atomic<Bool>(false)
    private let finishedFlag = Atomic<Bool>(false)
    private let launched = PosixSemaphore(value: 0)
    private let joinLock = PthreadMutex()
    private var handle: pthread_t?
    /// Set under `joinLock` before the OS thread is asked for: from then on the body is the new
    /// thread's to take, and `discardIfNeverStarted` leaves it alone.
    private var startRequested = false
    private var joined = false

    /// A thread that will run `body`, then `whenFinished` once `isAlive` has become false.
    public init(_ body: @escaping @Sendable () -> Void, whenFinished: @escaping @Sendable () -> Void = {}) {
        self.body = body
        self.whenFinished = whenFinished
    }

    /// True from the moment `start()` returns until the body has returned.
    public var isAlive: Bool {
        startedFlag.load(ordering: .acquiring) && !finishedFlag.load(ordering: .acquiring)
    }

    /// True once the body has returned.
    public var isFinished: Bool { finishedFlag.load(ordering: .acquiring) }

    /// Starts the thread and waits until it is running. Throws if the system refuses a thread.
    public func start() throws {
        joinLock.withLock { startRequested = true }
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let thread = Unmanaged<OSThread>.fromOpaque(raw).takeRetainedValue()
            thread.startedFlag.store(true, ordering: .releasing)
            thread.launched.post()
            let (body, whenFinished) = (thread.body, thread.whenFinished)
            (thread.body, thread.whenFinished) = (nil, nil)
            body?()
            thread.finishedFlag.store(true, ordering: .releasing)
            whenFinished?()
            return nil
        }, context)
        guard status == 0 else {
            joinLock.withLock { startRequested = false }
            Unmanaged<OSThread>.fromOpaque(context).release()
            throw EngineError.threadCreation(status: status)
        }
        joinLock.withLock { handle = thread }
        launched.wait()
    }

    /// Lets go of the body of a thread that was never started (its captures may hold this
    /// thread). Call only when nobody will start it any more.
    func discardIfNeverStarted() {
        joinLock.withLock {
            guard !startRequested else { return }
            (body, whenFinished) = (nil, nil)
        }
    }

    /// Waits for the thread to end. Safe to call more than once and from several threads.
    public func join() {
        joinLock.withLock {
            guard let handle, !joined else { return }
            pthread_join(handle, nil)
            joined = true
        }
    }
}
