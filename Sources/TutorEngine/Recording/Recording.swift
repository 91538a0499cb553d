/// What a run had recorded when it was read: per-worker tracks, object names, console output.
///
/// Values, so the UI, the text timeline, the trace export and the tests all read the same
/// thing; each track's events are a view of the recorder's append-only lane as far as it was
/// read (`EventLog`), so taking one costs nothing. Times are `CLOCK_MONOTONIC` nanoseconds;
/// `origin` is time zero.
public struct Recording: Sendable {
    public var origin: UInt64
    /// The end of the timeline: when the run finished, or when this was read.
    public var end: UInt64
    public var tracks: [Track] = []
    public var objects: [String] = []
    public var output: [OutputLine] = []
    public var isFinished = false
    /// Events that did not fit in a lane (0 unless a worker recorded tens of millions).
    public var droppedEvents = 0

    public init(origin: UInt64, end: UInt64) {
        self.origin = origin
        self.end = end
    }

    /// The name an `ObjectID` was interned under, or nil for `ObjectID.none`.
    public func name(of object: ObjectID) -> String? {
        let index = Int(object.rawValue) - 1
        return objects.indices.contains(index) ? objects[index] : nil
    }

    /// The id of the object called `name`, if any worker used it.
    public func object(named name: String) -> ObjectID? {
        objects.firstIndex(of: name).map { ObjectID(rawValue: UInt16($0 + 1)) }
    }

    /// How long the recording spans, in nanoseconds.
    public var duration: UInt64 { end &- origin }

    public var eventCount: Int { tracks.reduce(0) { $0 + $1.events.count } }

    /// The recording as a reader would have seen it at `time` (not yet finished): each track's
    /// events up to then. For replaying a run as the live view drew it.
    public func asOf(_ time: UInt64) -> Recording {
        var partial = self
        partial.end = min(time, end)
        partial.isFinished = false
        for index in partial.tracks.indices {
            let events = tracks[index].events
            // Each track's events are in time order: find the first after `time` by bisection.
            var low = 0, high = events.count
            while low < high {
                let middle = (low + high) / 2
                if events[middle].time <= time { low = middle + 1 } else { high = middle }
            }
            partial.tracks[index].events = events.truncated(to: low)
        }
        partial.output = output.filter { $0.time <= time }
        return partial
    }
}

/// One worker's row: who it is and its events in the order it recorded them.
public struct Track: Sendable {
    public var info: WorkerInfo
    public var events: EventLog

    public init(info: WorkerInfo, events: EventLog) {
        self.info = info
        self.events = events
    }

    public init(info: WorkerInfo, events: [Event]) {
        self.init(info: info, events: EventLog(events))
    }

    /// The time spent in one state, from one state change to the next.
    public struct Slice: Sendable, Equatable {
        public var state: WorkerState
        public var start: UInt64
        public var end: UInt64
        public var cpu: Int32
        public var object: ObjectID

        public var duration: UInt64 { end &- start }

        /// The part of the slice inside `window` (empty, start == end, when none is).
        public func clipped(to window: ClosedRange<UInt64>) -> Slice {
            var part = self
            part.start = min(max(start, window.lowerBound), window.upperBound)
            part.end = max(min(end, window.upperBound), part.start)
            return part
        }
    }

    /// The worker's states as slices; the last one open until `end`. `done` is not a slice.
    public func slices(until end: UInt64) -> [Slice] {
        var result: [Slice] = []
        forEachSlice(until: end) { result.append($0) }
        return result
    }

    /// Calls `body` with each slice in order, as `slices(until:)` lists them, without
    /// collecting them: what a frame of the UI uses on runs of millions of events.
    public func forEachSlice(until end: UInt64, _ body: (Slice) -> Void) {
        var open: Event?
        events.forEachRun { run in
            for event in run where event.kind == .state {
                if let previous = open, let state = previous.state {
                    body(Slice(state: state, start: previous.time, end: event.time,
                               cpu: previous.cpu, object: previous.object))
                }
                open = event.state == .done ? nil : event
            }
        }
        if let previous = open, let state = previous.state, previous.time <= end {
            body(Slice(state: state, start: previous.time, end: end, cpu: previous.cpu, object: previous.object))
        }
    }

    public var instants: [Event] { events.filter { $0.kind == .instant } }

    public var counterEvents: [Event] { events.filter { $0.kind == .counter } }

    /// When the worker first recorded anything, and when it reached `done` (nil while alive).
    public var firstTime: UInt64? { events.first?.time }
    public var doneTime: UInt64? { events.last(where: { $0.state == .done })?.time }
}
