/// One recorded fact about a worker: a state change, an instant, or a new counter value.
///
/// Plain data of fixed size (24 bytes), so lanes can store events in raw memory and a reader
/// can copy them while the worker keeps appending.
public struct Event: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case state
        case instant
        case counter
        /// tutor's pacer holding the worker at a checkpoint (code 1) or letting it go (code 0):
        /// paced, paused or stepping, so a person can follow. Not the program's own behaviour,
        /// so it is kept apart from the states, which it leaves unchanged.
        case hold
    }

    /// `CLOCK_MONOTONIC` nanoseconds; comparable across threads and processes.
    public var time: UInt64
    /// The item of an instant, the counter's new value, or for a `result` instant the period
    /// in days as the bit pattern of a `Double` (see `resultPeriod`).
    public var value: Int64
    public var kind: Kind
    /// The raw value of a `WorkerState` or an `InstantKind`, by `kind`.
    public var code: UInt8
    /// The object involved (a lock, a semaphore, a counter), or `ObjectID.none`.
    public var object: ObjectID
    /// The CPU the worker ran on when the event was recorded, or -1 if unknown.
    public var cpu: Int32

    public init(time: UInt64, kind: Kind, code: UInt8, object: ObjectID, value: Int64, cpu: Int32) {
        self.time = time
        self.value = value
        self.kind = kind
        self.code = code
        self.object = object
        self.cpu = cpu
    }

    public var state: WorkerState? { kind == .state ? WorkerState(rawValue: code) : nil }
    public var instant: InstantKind? { kind == .instant ? InstantKind(rawValue: code) : nil }

    /// For a `hold` event: true when the hold begins, false when it ends; nil for other kinds.
    public var holdBegins: Bool? { kind == .hold ? code != 0 : nil }

    /// The period (days) a `result` instant carries.
    public var resultPeriod: Double { Double(bitPattern: UInt64(bitPattern: value)) }
}

/// A named thing a demo's workers touch (`counter_lock`, `buffer`, …), interned per recording.
public struct ObjectID: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let none = ObjectID(rawValue: 0)
}
