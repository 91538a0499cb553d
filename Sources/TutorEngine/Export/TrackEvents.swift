/// One worker's part of a trace: its state slices, the pacer's holds paired into spans, and
/// its instants and counters, each listed once so the trace can refer to them by index and
/// format each only when it is written.
struct TrackEvents {
    let info: WorkerInfo
    let track: Track
    let slices: [Track.Slice]
    let holds: [(start: UInt64, end: UInt64)]
    /// Indices of the track's instant and counter events.
    let marks: [Int32]

    init(_ track: Track, until end: UInt64) {
        self.track = track
        info = track.info
        slices = track.slices(until: end)
        var pairing = HoldPairing()
        var holds: [(start: UInt64, end: UInt64)] = []
        var marks: [Int32] = []
        for (index, event) in track.events.enumerated() {
            switch event.kind {
            case .hold: if let span = pairing.take(event) { holds.append(span) }
            case .instant, .counter: marks.append(Int32(index))
            case .state: break
            }
        }
        self.holds = holds
        self.marks = marks
    }

    var count: Int { slices.count + holds.count + marks.count }

    /// A worker's kernel tid, or a negative stand-in unique per worker before it has one.
    static func traceTID(_ info: WorkerInfo) -> Int { info.tid != 0 ? Int(info.tid) : -(info.id + 1) }

    func entries(track index: Int32, into entries: inout [TimedEntry]) {
        for (item, slice) in slices.enumerated() { entries.append(TimedEntry(time: slice.start, track: index, kind: .slice, index: Int32(item))) }
        for (item, hold) in holds.enumerated() { entries.append(TimedEntry(time: hold.start, track: index, kind: .hold, index: Int32(item))) }
        for mark in marks { entries.append(TimedEntry(time: track.events[Int(mark)].time, track: index, kind: .event, index: mark)) }
    }

    /// The JSON of one entry of this track.
    func json(_ entry: TimedEntry, _ recording: Recording) -> String {
        let pid = info.pid, tid = Self.traceTID(info)
        let micros = { (time: UInt64) in JSONText.micros(time &- recording.origin) }
        switch entry.kind {
        case .slice:
            let slice = slices[Int(entry.index)]
            let object = recording.name(of: slice.object).map { ",\"object\":" + JSONText.string($0) } ?? ""
            return "{\"args\":{\"cpu\":\(slice.cpu)\(object)},\"cat\":\"state\",\"dur\":\(JSONText.micros(slice.duration)),"
                + "\"name\":\"\(slice.state.description)\",\"ph\":\"X\",\"pid\":\(pid),\"tid\":\(tid),\"ts\":\(micros(slice.start))}"
        case .hold:
            // The pacer's hold, nested in the state slice it interrupts (the state cannot
            // change while held).
            let hold = holds[Int(entry.index)]
            return "{\"args\":{},\"cat\":\"pacer\",\"dur\":\(JSONText.micros(hold.end &- hold.start)),"
                + "\"name\":\"held by tutor's pace\",\"ph\":\"X\",\"pid\":\(pid),\"tid\":\(tid),\"ts\":\(micros(hold.start))}"
        case .event:
            let event = track.events[Int(entry.index)]
            let object = recording.name(of: event.object)
            if event.kind == .counter {
                let name = JSONText.string(object ?? "counter")
                return "{\"args\":{\(name):\(event.value)},\"name\":\(name),\"ph\":\"C\",\"pid\":\(pid),\"ts\":\(micros(event.time))}"
            }
            let args: String
            if event.instant == .result {
                args = "\"cpu\":\(event.cpu),\"file\":\(JSONText.string(object ?? "")),\"period\":\(JSONText.number(event.resultPeriod)),\"pid\":\(pid)"
            } else {
                args = "\"cpu\":\(event.cpu),\"item\":\(event.value)" + (object.map { ",\"object\":" + JSONText.string($0) } ?? "")
            }
            return "{\"args\":{\(args)},\"cat\":\"instant\",\"name\":\"\(event.instant?.description ?? "instant")\",\"ph\":\"i\","
                + "\"pid\":\(pid),\"s\":\"t\",\"tid\":\(tid),\"ts\":\(micros(event.time))}"
        }
    }
}
