import Synchronization

/// Decides when each worker may take its next visible step.
///
/// Real code finishes in microseconds; a student must be able to watch it, pause it, and in
/// step mode choose which worker moves next. Workers cooperate by calling `checkpoint` between
/// visible steps, naming the step they are about to take. In `.fast` mode a checkpoint is one
/// atomic load; otherwise the worker waits on the pacer's condition variable, which `cancel`,
/// a mode change or a step grant wakes. Blocking primitives in demos register a cancel hook so
/// that no worker stays asleep in a `wait` after `cancel`.
public final class Pacer: @unchecked Sendable {
    private let cancelled = Atomic<Bool>(false)
    private let unpaced = Atomic<Bool>(true)
    private let lock = PthreadMutex()
    private let changed = PthreadCondition()
    private var mode: PacerMode
    private var waiting: [Int: String] = [:]
    private var grants: [Int: Int] = [:]
    /// Parked workers of another process, each with the end of its paced beat once known.
    private var parked: [Int: UInt64?] = [:]
    private var finished: Set<Int> = []
    private var cancelHooks: [@Sendable () -> Void] = []

    public init(mode: PacerMode = .fast) {
        self.mode = mode
        unpaced.store(mode == .fast, ordering: .releasing)
    }

    // MARK: Worker side

    /// Waits until the worker may take the step described by `label`.
    /// - Throws: `DemoCancelled` once the run is cancelled.
    @inline(__always)
    public func checkpoint(_ worker: Int, _ label: @autoclosure () -> String) throws {
        if cancelled.load(ordering: .acquiring) { throw DemoCancelled() }
        if unpaced.load(ordering: .acquiring) { return }
        try wait(worker, label())
    }

    private func wait(_ worker: Int, _ label: String) throws {
        try lock.withLock {
            waiting[worker] = label
            changed.broadcast()
            defer {
                waiting[worker] = nil
                changed.broadcast()
            }
            var due: UInt64?
            while true {
                if cancelled.load(ordering: .acquiring) { throw DemoCancelled() }
                switch turn(worker, due: &due) {
                case .go: return
                case .wait(until: let deadline?): changed.wait(lock, until: deadline)
                case .wait(until: nil): changed.wait(lock)
                }
            }
        }
    }

    /// Whether a worker waiting at a checkpoint may go now, or until when it waits.
    private enum Turn {
        case go
        case wait(until: UInt64?)
    }

    /// Under the lock: the mode's word on a waiting worker. In step mode a go uses up its
    /// grant; paced, `due` is the end of its beat, set at the first look while paced.
    private func turn(_ worker: Int, due: inout UInt64?) -> Turn {
        switch mode {
        case .fast:
            return .go
        case .paced(let seconds):
            let end = due ?? MonotonicClock.now() + Self.nanoseconds(seconds)
            due = end
            return MonotonicClock.now() >= end ? .go : .wait(until: end)
        case .paused:
            return .wait(until: nil)
        case .stepping:
            guard let granted = grants[worker], granted > 0 else { return .wait(until: nil) }
            grants[worker] = granted - 1
            return .go
        }
    }

    // MARK: Workers in another process

    /// A worker of another process (a thread of a stepped Python program, `LineGate`) waits
    /// before the step `label`: it is one of `nextSteps`, as a worker in `checkpoint` is,
    /// until `mayGo` lets it go. Its own process does the waiting, so nothing here blocks.
    func park(_ worker: Int, _ label: String) {
        lock.withLock {
            waiting[worker] = label
            parked[worker] = .some(nil)
            changed.broadcast()
        }
    }

    /// Whether the parked `worker` may take its step now (then it is parked no more): the same
    /// word `checkpoint` waits for. Never while cancelled.
    func mayGo(_ worker: Int) -> Bool {
        lock.withLock {
            guard let parkedDue = parked[worker], !cancelled.load(ordering: .acquiring) else { return false }
            var due = parkedDue
            guard case .go = turn(worker, due: &due) else {
                parked[worker] = .some(due)
                return false
            }
            parked[worker] = nil
            waiting[worker] = nil
            changed.broadcast()
            return true
        }
    }

    /// The parked `worker` has ended without taking its step.
    func unpark(_ worker: Int) {
        lock.withLock {
            guard parked.removeValue(forKey: worker) != nil else { return }
            waiting[worker] = nil
            changed.broadcast()
        }
    }

    /// Sleeps for real for `seconds`, whatever the mode, but wakes at once on `cancel`.
    public func sleep(seconds: Double) throws {
        let due = MonotonicClock.now() + Self.nanoseconds(seconds)
        try lock.withLock {
            while MonotonicClock.now() < due {
                if cancelled.load(ordering: .acquiring) { throw DemoCancelled() }
                changed.wait(lock, until: due)
            }
        }
        if cancelled.load(ordering: .acquiring) { throw DemoCancelled() }
    }

    /// Notes that a worker has ended, so `awaitCheckpoint` stops waiting for it.
    func workerFinished(_ worker: Int) {
        lock.withLock {
            finished.insert(worker)
            changed.broadcast()
        }
    }

    // MARK: Controller side

    public var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Whether checkpoints may hold workers now (any mode but fast).
    var isPacing: Bool { !unpaced.load(ordering: .acquiring) }

    public var currentMode: PacerMode { lock.withLock { mode } }

    public func setMode(_ newMode: PacerMode) {
        lock.withLock {
            mode = newMode
            if newMode != .stepping { grants.removeAll() }
            unpaced.store(newMode == .fast, ordering: .releasing)
            changed.broadcast()
        }
    }

    /// Lets `worker` take exactly one step, if it is waiting at a checkpoint in step mode.
    /// - Returns: false if the worker is not waiting at a checkpoint (blocked, running or done).
    @discardableResult
    public func step(_ worker: Int) -> Bool {
        lock.withLock {
            guard mode == .stepping, waiting[worker] != nil, (grants[worker] ?? 0) == 0 else {
                return false
            }
            grants[worker] = 1
            changed.broadcast()
            return true
        }
    }

    /// The workers waiting at a checkpoint now, with the step each will take next.
    public var nextSteps: [Int: String] {
        lock.withLock { waiting.filter { (grants[$0.key] ?? 0) == 0 } }
    }

    /// Waits until `worker` waits at a checkpoint for a grant, or has finished, or the timeout
    /// passes. - Returns: true unless the timeout passed.
    public func awaitCheckpoint(_ worker: Int, timeout seconds: Double = 10) -> Bool {
        let due = MonotonicClock.now() + Self.nanoseconds(seconds)
        return lock.withLock {
            while true {
                let parked = waiting[worker] != nil && (grants[worker] ?? 0) == 0
                if parked || finished.contains(worker) || cancelled.load(ordering: .acquiring) {
                    return true
                }
                if MonotonicClock.now() >= due { return false }
                changed.wait(lock, until: due)
            }
        }
    }

    /// Registers work to do on `cancel`, such as broadcasting a demo's condition variables.
    public func onCancel(_ hook: @escaping @Sendable () -> Void) {
        let runNow = lock.withLock {
            if cancelled.load(ordering: .acquiring) { return true }
            cancelHooks.append(hook)
            return false
        }
        if runNow { hook() }
    }

    /// Forgets the cancel hooks once the run is over: they capture the demo's objects, which
    /// would otherwise live as long as the pacer (a cycle when they hold the pacer too).
    func runEnded() {
        lock.withLock { cancelHooks.removeAll() }
    }

    /// Stops the run: every checkpoint and paced sleep throws from now on, and every waiter wakes.
    public func cancel() {
        let hooks: [@Sendable () -> Void] = lock.withLock {
            guard !cancelled.load(ordering: .acquiring) else { return [] }
            cancelled.store(true, ordering: .releasing)
            changed.broadcast()
            defer { cancelHooks.removeAll() }
            return cancelHooks
        }
        for hook in hooks { hook() }
    }

    static func nanoseconds(_ seconds: Double) -> UInt64 {
        UInt64(max(0, seconds) * 1e9)
    }
}
