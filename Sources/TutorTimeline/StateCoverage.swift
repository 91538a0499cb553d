import TutorEngine

/// How much of each column of a timeline each state of one worker covered: what both the text
/// timeline and the live lanes draw from.
///
/// Filled in one pass over the events, into flat arrays, and able to grow: a live view feeds it
/// only the events recorded since the last frame (`consume`), doubles its columns' width when
/// the run outgrows them (`doubleBucket`, exact: each new column is two old ones), and closes
/// the still-open slice on a copy (`closed(at:)`). So a frame costs what happened since the
/// previous frame, not the whole run.
public struct StateCoverage: Sendable {
    public let columns: Int
    /// Nanoseconds per column.
    public private(set) var bucket: Double
    private let origin: UInt64
    /// `cover[column * stateCount + state.rawValue]`: nanoseconds of `state` in `column`.
    private var cover: [Double]
    /// Whether a slice ended inside the column.
    public private(set) var ends: [Bool]
    /// Nanoseconds of each column during which tutor's pacer held the worker.
    private var held: [Double]
    /// The instants as (column, kind) while there are at most `instantLimit` of them.
    public private(set) var instants: [(column: Int, kind: InstantKind)] = []
    public private(set) var instantCount = 0
    private let instantLimit: Int
    /// How many of the track's events have been taken in.
    public private(set) var consumed = 0
    /// The state entered last, and when: its slice is still open.
    private var open: (time: UInt64, state: Int)?
    /// The pacer's hold that is still on.
    private var holds = HoldPairing()

    static let stateCount = WorkerState.allCases.count

    /// Empty columns of `bucket` ns each from `origin`; keeps instants while there are at most
    /// `instantLimit`.
    public init(origin: UInt64, bucket: Double, columns: Int, instantLimit: Int = 0) {
        self.columns = max(columns, 0)
        self.bucket = max(bucket, 1e-9)
        self.origin = origin
        self.instantLimit = instantLimit
        cover = Array(repeating: 0, count: self.columns * Self.stateCount)
        ends = Array(repeating: false, count: self.columns)
        held = Array(repeating: 0, count: self.columns)
    }

    /// The whole track over the recording's span, from its origin to its end. The slices are
    /// those of `Track.slices(until:)`.
    public init(_ track: Track, _ recording: Recording, columns: Int, instantLimit: Int = 0) {
        self.init(origin: recording.origin, bucket: Double(max(recording.duration, 1)) / Double(max(columns, 1)),
                  columns: columns, instantLimit: instantLimit)
        consume(track.events)
        self = closed(at: recording.end)
    }

    /// The smallest power-of-two width (ns) at which `columns` columns hold `duration` ns: the
    /// live view's scale, which changes only by doubling as a run goes on.
    public static func liveBucket(duration: UInt64, columns: Int) -> Double {
        var bucket = 1.0
        while bucket * Double(max(columns, 1)) < Double(duration) { bucket *= 2 }
        return bucket
    }

    /// Takes in the events of `events` after the ones already consumed. Events beyond the last
    /// column are not drawn: widen the columns first (`doubleBucket`).
    public mutating func consume(_ events: EventLog) {
        guard columns > 0, consumed < events.count else { return }
        var area = Area(self)
        (cover, ends, held) = ([], [], [])  // so the area's arrays are not shared while it writes
        var open = self.open
        var holds = self.holds
        var instants = self.instants
        var instantCount = self.instantCount
        let instantLimit = self.instantLimit
        events.forEachRun(from: consumed) { run in
            for event in run {
                switch event.kind {
                case .state:
                    if let previous = open { area.add(previous.state, from: previous.time, to: event.time) }
                    open = event.code == WorkerState.done.rawValue || Int(event.code) >= Self.stateCount
                        ? nil : (event.time, Int(event.code))
                case .instant:
                    instantCount += 1
                    if instantCount <= instantLimit, let kind = event.instant {
                        instants.append((area.column(of: event.time), kind))
                    }
                case .hold:
                    if let span = holds.take(event) { area.addHeld(from: span.start, to: span.end) }
                case .counter:
                    break
                }
            }
        }
        (cover, ends, held) = (area.cover, area.ends, area.held)
        self.open = open
        self.holds = holds
        self.instants = instantCount > instantLimit ? [] : instants
        self.instantCount = instantCount
        consumed = events.count
    }

    /// Makes each column twice as wide: the new column `c` holds old columns `2c` and `2c + 1`.
    public mutating func doubleBucket() {
        var merged = [Double](repeating: 0, count: cover.count)
        var mergedEnds = [Bool](repeating: false, count: columns)
        var mergedHeld = [Double](repeating: 0, count: columns)
        for column in 0..<columns {
            let target = column / 2
            for state in 0..<Self.stateCount {
                merged[target * Self.stateCount + state] += cover[column * Self.stateCount + state]
            }
            mergedEnds[target] = mergedEnds[target] || ends[column]
            mergedHeld[target] += held[column]
        }
        (cover, ends, held) = (merged, mergedEnds, mergedHeld)
        instants = instants.map { ($0.column / 2, $0.kind) }
        bucket *= 2
    }

    /// A copy with the open slice (the state the worker is in now), and a hold still on,
    /// drawn up to `end`.
    public func closed(at end: UInt64) -> StateCoverage {
        guard open != nil || holds.open != nil, columns > 0 else { return self }
        var copy = self
        var area = Area(copy)
        (copy.cover, copy.ends, copy.held) = ([], [], [])
        if let open, open.time <= end { area.add(open.state, from: open.time, to: end) }
        if let start = holds.open, start <= end { area.addHeld(from: start, to: end) }
        (copy.cover, copy.ends, copy.held) = (area.cover, area.ends, area.held)
        (copy.open, copy.holds) = (nil, HoldPairing())
        return copy
    }

    /// The share of the time drawn in `column` during which the pacer held the worker.
    public func heldShare(_ column: Int) -> Double {
        let total = (0..<Self.stateCount).reduce(0.0) { $0 + cover[column * Self.stateCount + $1] }
        return total > 0 ? min(1, held[column] / total) : 0
    }

    /// The columns being filled: time per state per column, and where slices ended.
    private struct Area {
        let columns: Int
        let bucket: Double
        let perNanosecond: Double
        let origin: UInt64
        var cover: [Double]
        var ends: [Bool]
        var held: [Double]

        init(_ coverage: StateCoverage) {
            columns = coverage.columns
            bucket = coverage.bucket
            perNanosecond = 1 / coverage.bucket
            origin = coverage.origin
            cover = coverage.cover
            ends = coverage.ends
            held = coverage.held
        }

        func column(of time: UInt64) -> Int {
            min(columns - 1, max(0, Int(Double(time &- origin) * perNanosecond)))
        }

        mutating func add(_ state: Int, from startTime: UInt64, to endTime: UInt64) {
            var cover = self.cover
            self.cover = []  // not shared while written
            if let last = spread(from: startTime, to: endTime, { cover[$0 * StateCoverage.stateCount + state] += $1 }) {
                ends[last] = true
            }
            self.cover = cover
        }

        mutating func addHeld(from startTime: UInt64, to endTime: UInt64) {
            var held = self.held
            self.held = []
            spread(from: startTime, to: endTime) { held[$0] += $1 }
            self.held = held
        }

        /// Hands each column its overlap with the span; returns the column the span ends in.
        @discardableResult
        private func spread(from startTime: UInt64, to endTime: UInt64, _ add: (Int, Double) -> Void) -> Int? {
            let start = Double(startTime &- origin), end = Double(endTime &- origin)
            var column = column(of: startTime)
            while column < columns {
                let low = Double(column) * bucket, high = low + bucket
                let overlap = min(end, high) - max(start, low)
                if overlap > 0 { add(column, overlap) }
                if end <= high { return column }
                column += 1
            }
            return nil
        }
    }

    /// The state that covered most of `column`, its time there, and the time of all states.
    public func dominant(_ column: Int) -> (state: WorkerState, time: Double, total: Double)? {
        var best = -1, bestTime = 0.0, total = 0.0
        for state in 0..<Self.stateCount {
            let time = cover[column * Self.stateCount + state]
            total += time
            if time > bestTime {
                best = state
                bestTime = time
            }
        }
        guard best >= 0, let state = WorkerState(rawValue: UInt8(best)) else { return nil }
        return (state, bestTime, total)
    }
}
