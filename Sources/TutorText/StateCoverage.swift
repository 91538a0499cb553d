import TutorEngine

/// How much of each column of a timeline each state of one worker covered: what both the text
/// timeline and the live lanes draw from.
///
/// One pass over the events, into flat arrays: a frame of the UI recomputes this for every
/// worker while a run of a hundred thousand events is on screen.
public struct StateCoverage {
    public let columns: Int
    /// Nanoseconds per column.
    public let bucket: Double
    /// `cover[column * stateCount + state.rawValue]`: nanoseconds of `state` in `column`.
    private let cover: [Double]
    /// Whether a slice ended inside the column.
    public let ends: [Bool]
    /// The instants as (column, kind) while there are few of them.
    public let instants: [(column: Int, kind: InstantKind)]
    public let instantCount: Int

    private static let stateCount = WorkerState.allCases.count

    /// Covers the span from the recording's origin to its end with `columns` columns; keeps
    /// instants while there are at most `instantLimit`. The slices are those of
    /// `Track.slices(until:)`, found here in the same pass as the instants.
    public init(_ track: Track, _ recording: Recording, columns: Int, instantLimit: Int = 0) {
        self.columns = columns
        let bucket = Double(max(recording.duration, 1)) / Double(max(columns, 1))
        self.bucket = bucket
        // Local buffers, filled by one scan, then stored: the hot loop touches no property.
        var area = Area(columns: max(columns, 0), bucket: bucket, origin: recording.origin)
        var instants: [(column: Int, kind: InstantKind)] = []
        var instantCount = 0
        if columns > 0 {
            var open: (time: UInt64, state: Int)?
            track.events.forEachRun { run in
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
                    case .counter:
                        break
                    }
                }
            }
            if let previous = open, previous.time <= recording.end {
                area.add(previous.state, from: previous.time, to: recording.end)
            }
        }
        cover = area.cover
        ends = area.ends
        self.instants = instantCount > instantLimit ? [] : instants
        self.instantCount = instantCount
    }

    /// The columns being filled: time per state per column, and where slices ended.
    private struct Area {
        let columns: Int
        let bucket: Double
        let perNanosecond: Double
        let origin: UInt64
        var cover: [Double]
        var ends: [Bool]

        init(columns: Int, bucket: Double, origin: UInt64) {
            self.columns = columns
            self.bucket = bucket
            perNanosecond = 1 / bucket
            self.origin = origin
            cover = Array(repeating: 0, count: columns * StateCoverage.stateCount)
            ends = Array(repeating: false, count: columns)
        }

        func column(of time: UInt64) -> Int {
            min(columns - 1, max(0, Int(Double(time &- origin) * perNanosecond)))
        }

        mutating func add(_ state: Int, from startTime: UInt64, to endTime: UInt64) {
            let start = Double(startTime &- origin), end = Double(endTime &- origin)
            var column = column(of: startTime)
            while column < columns {
                let low = Double(column) * bucket, high = low + bucket
                let overlap = min(end, high) - max(start, low)
                if overlap > 0 { cover[column * StateCoverage.stateCount + state] += overlap }
                if end <= high {
                    ends[column] = true
                    return
                }
                column += 1
            }
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
