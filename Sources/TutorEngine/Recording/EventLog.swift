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
    /// Calls `body` with the events in order, a contiguous run at a time: the fast way to scan
    /// a long log (a frame of the UI scans every event of the run).
    public func forEachRun(_ body: (UnsafeBufferPointer<Event>) throws -> Void) rethrows {
        switch storage {
        case .lane(let lane): try lane.forEachRun(upTo: endIndex, body)
        case .array(let events): try events.withUnsafeBufferPointer(body)
        }
    }
}

extension EventLog: ExpressibleByArrayLiteral {
    public init(arrayLiteral events: Event...) {
        self.init(events)
    }
}
