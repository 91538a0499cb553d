/// What a worker is doing between two recorded changes. The raw names are the ones the
/// timeline, the trace export and the lessons use; a demo uses the subset that applies.
public enum WorkerState: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    case running
    case sleeping
    case waitingLock
    case holdingLock
    case waitingSemaphore
    case holdingSemaphore
    case waitingCondition
    case idle
    case waitingGIL
    case done

    public var description: String {
        switch self {
        case .running: "running"
        case .sleeping: "sleeping"
        case .waitingLock: "waiting-lock"
        case .holdingLock: "holding-lock"
        case .waitingSemaphore: "waiting-semaphore"
        case .holdingSemaphore: "holding-semaphore"
        case .waitingCondition: "waiting-condition"
        case .idle: "idle"
        case .waitingGIL: "waiting-gil"
        case .done: "done"
        }
    }

    /// True for states in which the worker does work on a CPU (as opposed to waiting or sleeping).
    public var isBusy: Bool {
        switch self {
        case .running, .holdingLock, .holdingSemaphore: true
        default: false
        }
    }
}

/// A moment worth marking on a worker's timeline; `args` in the trace name the object or item.
public enum InstantKind: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    case acquire
    case release
    case notify
    case wake
    case produce
    case consume
    case result
    /// A job that ended in failure (a SLURM task that exited non-zero, timed out, was killed).
    case failed
    /// A thread read a shared value (its value in the event), as the unlocked counter's race
    /// begins: drawn so the race is in the picture, not only in a text line.
    case read
    /// A thread wrote a shared value (its value in the event).
    case write

    public var description: String {
        switch self {
        case .acquire: "acquire"
        case .release: "release"
        case .notify: "notify"
        case .wake: "wake"
        case .produce: "produce"
        case .consume: "consume"
        case .result: "result"
        case .failed: "failed"
        case .read: "read"
        case .write: "write"
        }
    }
}
