#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import ArgumentParser
import TutorEngine

/// The signal that arrived, 0 if none: set by the handler (an atomic store is all a signal
/// handler may safely do), read by the watcher thread.
private let arrived = Atomic<Int32>(0)

/// Turns SIGINT, SIGTERM and SIGHUP into a call of `cancel`, so a run can end its threads and
/// worker processes cleanly instead of dying with them still running.
///
/// Why not a dispatch source: libdispatch needs file descriptors of its own, and with few
/// left (`ulimit -n 4`) it trapped the process with SIGILL before tutor could say anything.
/// Here a plain `sigaction` handler sets a flag, and a thread of tutor's own looks at it ten
/// times a second.
final class SignalCancellation: @unchecked Sendable {
    static let signals = [SIGINT, SIGTERM, SIGHUP]
    private let cancel: @Sendable () -> Void
    private let lock = PthreadMutex()
    private let changed = PthreadCondition()
    private var stopped = false
    private var watcher: OSThread?
    private var previous: [Int32: sigaction] = [:]

    init(_ cancel: @escaping @Sendable () -> Void) {
        self.cancel = cancel
        arrived.store(0, ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in arrived.store(number, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        for number in Self.signals {
            var old = sigaction()
            sigaction(number, &action, &old)
            previous[number] = old
        }
        let thread = OSThread { [self] in watch() }
        watcher = thread
        // Without a thread to watch, a signal is still caught; the run just is not cancelled
        // by it (and no signal goes unhandled into a dead process either).
        try? thread.start()
    }

    private func watch() {
        lock.withLock {
            var told = false
            while !stopped {
                if !told, arrived.load(ordering: .relaxed) != 0 {
                    told = true
                    lock.unlock()
                    cancel()
                    lock.lock()
                }
                changed.wait(lock, until: MonotonicClock.now() + 100_000_000)
            }
        }
    }

    /// The signal that arrived since the watch began, if one did: what the command's exit
    /// status says (128 + it), even when it came after the run had already ended.
    static var received: Int32? {
        let number = arrived.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// The exit for a command a signal ended: 128 + the signal (130 for Ctrl-C).
    static var exit: ExitCode { ExitCode(128 + (received ?? SIGINT)) }

    /// Stops watching and puts back the handlers there were before.
    func stop() {
        lock.withLock {
            stopped = true
            changed.broadcast()
        }
        watcher?.join()
        watcher = nil
        for (number, var old) in previous { sigaction(number, &old, nil) }
        previous.removeAll()
    }
}
