/// One worker's events as a read-only collection that costs nothing to copy.
///
/// Why not `[Event]`: the UI takes a fresh view of a live recording many times a second and
/// keeps the previous one while it draws. With arrays, the next append would copy every event
/// recorded so far (copy-on-write), so each poll would cost the whole run. A live log instead
/// points into the recorder's append-only `Lane` with its length fixed when it was read: later
/// appends land past its end and never move what it sees. Logs built from arrays (tests,
/// imported traces) behave the same.
public struct EventLog: RandomAccessCollection, Sendable {
    private enum Storage: Sendable {
        case lane(Lane)
        case array([Event])
    }

    private let storage: Storage
    public let endIndex: Int

    public init(_ events: [Event]) {
        storage = .array(events)
        endIndex = events.count
    }

    /// The first `count` events of `lane`; the caller has acquired `count` from `lane.count`.
    init(lane: Lane, count: Int) {
        storage = .lane(lane)
        endIndex = count
    }

    public var startIndex: Int { 0 }

    public subscript(position: Int) -> Event {
        precondition(position >= 0 && position < endIndex, "event index out of range")
        switch storage {
        case .lane(let lane): return lane[position]
        case .array(let events): return events[position]
        }
    }
}

extension EventLog {
    /// Calls `body` with the events from `start` on, in order, a contiguous run at a time: the
    /// fast way to scan a long log, or only its newest part.
    public func forEachRun(from start: Int = 0, _ body: (UnsafeBufferPointer<Event>) throws -> Void) rethrows {
        switch storage {
        case .lane(let lane):
            try lane.forEachRun(from: start, upTo: endIndex, body)
        case .array(let events):
            try events.withUnsafeBufferPointer { all in
                try body(UnsafeBufferPointer(rebasing: all[Swift.min(Swift.max(0, start), all.count)...]))
            }
        }
    }

    /// The first `count` events, still viewing the same storage: the log as it was read when
    /// it held that many (for replaying a run, as the live view saw it).
    public func truncated(to count: Int) -> EventLog {
        switch storage {
        case .lane(let lane): return EventLog(lane: lane, count: Swift.min(Swift.max(0, count), endIndex))
        case .array(let events): return EventLog(Array(events.prefix(Swift.max(0, count))))
        }
    }

    /// Whether both logs view the same worker's lane, `other` up to at most this one's count:
    /// then what was derived from `other` holds for this log's first `other.count` events, and a
    /// cache need only take in the rest. Always false for logs made from arrays.
    public func extends(_ other: EventLog) -> Bool {
        guard case .lane(let lane) = storage, case .lane(let earlier) = other.storage else { return false }
        return lane === earlier && other.endIndex <= endIndex
    }
}

extension EventLog: ExpressibleByArrayLiteral {
    public init(arrayLiteral events: Event...) {
        self.init(events)
    }
}
