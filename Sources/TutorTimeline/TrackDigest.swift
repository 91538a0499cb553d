import TutorEngine

/// What a summary needs of one worker's events besides its timeline: which states and instants
/// it recorded, its counters' latest values, its busy time (less what the pacer held), and its
/// writes to one watched counter. Taken in incrementally (`consume` reads only events not seen before), so a live
/// view can keep a digest from frame to frame instead of rescanning the run.
public struct TrackDigest: Sendable {
    /// Bit `n` is set if the state (or instant) with raw value `n` was recorded.
    public private(set) var stateBits: UInt32 = 0
    public private(set) var instantBits: UInt32 = 0
    /// Whether tutor's pacer ever held the worker.
    public private(set) var wasHeld = false
    /// By counter object raw value: its latest value and when it was written.
    public private(set) var counters: [(time: UInt64, value: Int64)?] = []
    /// Every write to the watched counter, in time order.
    public private(set) var writes: [(time: UInt64, value: Int64)] = []
    /// How many events have been taken in.
    private var consumed = 0
    public private(set) var doneTime: UInt64?
    private let watched: ObjectID?
    private var busy: UInt64 = 0
    private var firstSlice: UInt64?
    private var open: (time: UInt64, state: WorkerState, object: ObjectID)?
    /// The pacer's current hold, and the busy time spent held (not working).
    private var holds = HoldPairing()
    private var heldBusy: UInt64 = 0

    /// An empty digest; writes to `watched` (if any) are kept in full.
    public init(watching watched: ObjectID? = nil) {
        self.watched = watched
    }

    /// The digest of all of `track`'s events.
    public init(_ track: Track, watching watched: ObjectID? = nil) {
        self.init(watching: watched)
        consume(track.events)
    }

    /// Takes in the events of `events` after the ones already consumed.
    public mutating func consume(_ events: EventLog) {
        guard consumed < events.count else { return }
        events.forEachRun(from: consumed) { run in
            for event in run {
                switch event.kind {
                case .state:
                    if event.code < 32 { stateBits |= 1 << event.code }
                    if let previous = open, previous.state.isBusy { busy += event.time &- previous.time }
                    if firstSlice == nil, open != nil { firstSlice = open?.time }
                    if event.state == .done { doneTime = event.time }
                    open = event.state.flatMap { $0 == .done ? nil : (event.time, $0, event.object) }
                case .instant:
                    if event.code < 32 { instantBits |= 1 << event.code }
                case .hold:
                    if event.holdBegins == true { wasHeld = true }
                    // A held worker does nothing, so its state cannot change during a hold.
                    if let span = holds.take(event), open?.state.isBusy == true { heldBusy += span.end &- span.start }
                case .counter:
                    let index = Int(event.object.rawValue)
                    if index >= counters.count { counters += Array(repeating: nil, count: index + 1 - counters.count) }
                    if (counters[index]?.time ?? 0) <= event.time { counters[index] = (event.time, event.value) }
                    if event.object == watched { writes.append((event.time, event.value)) }
                }
            }
        }
        consumed = events.count
    }

    /// The state the worker is in now, and the object involved; nil once it is done.
    public var current: (state: WorkerState, object: ObjectID)? {
        open.map { ($0.state, $0.object) }
    }

    /// The fraction of the worker's life (its first state to `done`, or to `end`) spent busy,
    /// not counting time the pacer held it.
    public func busyFraction(until end: UInt64) -> Double {
        var busy = self.busy, held = heldBusy
        var first = firstSlice
        if let open, open.time <= end {
            if open.state.isBusy { busy += end - open.time }
            if first == nil { first = open.time }
        }
        if let start = holds.open, start <= end, open?.state.isBusy == true { held += end - start }
        guard let first else { return 0 }
        let life = (doneTime ?? end) &- first
        return life > 0 ? Double(busy - min(busy, held)) / Double(life) : 0
    }
}
