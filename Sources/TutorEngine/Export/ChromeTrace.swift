import Foundation

/// Writes a recording as Chrome Trace Event Format JSON, which Perfetto and chrome://tracing open.
///
/// The object form: `traceEvents` holds `M` metadata naming processes and workers, then, in
/// time order, one `X` slice per worker state (ts and dur in microseconds from the recording's
/// origin, the real pid, the worker's kernel tid, the CPU in `args`), `i` instants, `C`
/// counters and the pacer's holds; `otherData` carries the demo, its parameters, its console
/// output and its result.
///
/// Why it streams: a trace is as long as the run, and runs reach millions of events. Built
/// as one dictionary per event, a trace took about 4 KB of memory per event and minutes to
/// write (200,000-increment runs aborted at 7.6 GB). Here only a small index entry per event
/// (24 bytes) is held, sorted by time; each event's JSON is formatted as it is written, into
/// a 64 KB buffer that goes to the file as it fills.
public enum ChromeTrace {
    /// Facts about the run that go in `otherData`.
    public struct RunInfo: Sendable {
        public var demo: String
        public var parameters: [(name: String, value: String)]
        public var result: String
        public var pid: Int32
        /// Whether to look for a cycle of lock waits and mark it (`DemoWatch.deadlocks`).
        public var deadlocks: Bool

        public init(demo: String, parameters: [(name: String, value: String)], result: String, pid: Int32,
                    deadlocks: Bool = false) {
            self.demo = demo
            self.parameters = parameters
            self.result = result
            self.pid = pid
            self.deadlocks = deadlocks
        }
    }

    /// Why a trace was not written whole.
    public enum WriteError: Error, Equatable {
        /// `stop` asked for it (an interrupt): what was written is incomplete.
        case stopped
        /// The descriptor stopped taking bytes (`errno`).
        case failed(Int32)
    }

    /// Writes the trace of `recording` to `descriptor`, asking `stop` every few thousand
    /// events, so that an interrupt ends even a long export at once.
    public static func write(_ recording: Recording, _ info: RunInfo, to descriptor: Int32,
                             stop: () -> Bool = { false }) throws(WriteError) {
        var out = TraceOutput(descriptor: descriptor)
        try write(recording, info, into: &out, stop: stop)
    }

    /// The whole trace in memory, for tests and small runs.
    public static func json(_ recording: Recording, _ info: RunInfo) throws -> Data {
        var out = TraceOutput(descriptor: nil)
        try write(recording, info, into: &out, stop: { false })
        return Data(out.kept)
    }

    private static func write(_ recording: Recording, _ info: RunInfo, into out: inout TraceOutput,
                              stop: () -> Bool) throws(WriteError) {
        // Asked between the long steps before the first byte too (pairing, the cycle, the
        // sort), so an interrupt is heard within a step, not after all of them.
        var tracks: [TrackEvents] = []
        for track in recording.tracks {
            if stop() { throw .stopped }
            tracks.append(TrackEvents(track, until: recording.end))
        }
        if stop() { throw .stopped }
        let deadlock = info.deadlocks ? WaitForGraph.firstDeadlock(in: recording) : nil
        if stop() { throw .stopped }
        let entries = timeline(tracks)
        if stop() { throw .stopped }
        out.append("{\"displayTimeUnit\":\"ms\",\"otherData\":")
        out.append(otherData(recording, info, deadlock))
        out.append(",\"traceEvents\":[")
        var first = true
        for entry in metadata(recording) {
            out.append(first ? entry : "," + entry)
            first = false
        }
        for (count, entry) in entries.enumerated() {
            if count % 4096 == 0 {
                if stop() { throw .stopped }
                if let failure = out.failure { throw .failed(failure) }
            }
            out.append((first ? "" : ",") + tracks[Int(entry.track)].json(entry, recording))
            first = false
        }
        for entry in deadlock.map({ marks($0, recording) }) ?? [] { out.append((first ? "" : ",") + entry) }
        out.append("]}")
        try out.flush()
    }

    /// An instant on each thread of the cycle, when it closed: what it held and waited for.
    static func marks(_ deadlock: Deadlock, _ recording: Recording) -> [String] {
        let cycle = JSONText.string(deadlock.description(in: recording))
        let micros = JSONText.micros(deadlock.time &- recording.origin)
        return deadlock.links.filter { recording.tracks.indices.contains($0.track) }.map { link in
            let info = recording.tracks[link.track].info
            return "{\"args\":{\"cycle\":\(cycle),\"holds\":\(JSONText.string(recording.name(of: link.holds) ?? "")),"
                + "\"waits_for\":\(JSONText.string(recording.name(of: link.waitsFor) ?? ""))},\"cat\":\"deadlock\","
                + "\"name\":\"deadlock\",\"ph\":\"i\",\"pid\":\(info.pid),\"s\":\"t\",\"tid\":\(TrackEvents.traceTID(info)),\"ts\":\(micros)}"
        }
    }

    static func otherData(_ recording: Recording, _ info: RunInfo, _ deadlock: Deadlock? = nil) -> String {
        let parameters = Dictionary(info.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
            .sorted { $0.key < $1.key }
            .map { JSONText.string($0.key) + ":" + JSONText.string($0.value) }.joined(separator: ",")
        return "{\"demo\":\(JSONText.string(info.demo)),\"output\":[" + recording.output.map { JSONText.string($0.text) }.joined(separator: ",")
            + "],\"parameters\":{\(parameters)},\"pid\":\(info.pid),\"result\":\(JSONText.string(info.result))"
            + (deadlock.map { ",\"deadlock\":" + JSONText.string($0.description(in: recording)) } ?? "") + "}"
    }

    /// The `M` events: a name and a sort index for each process and each worker.
    static func metadata(_ recording: Recording) -> [String] {
        var entries: [String] = []
        var namedProcesses: Set<Int32> = []
        for track in recording.tracks {
            let pid = track.info.pid
            let tid = TrackEvents.traceTID(track.info)
            if namedProcesses.insert(pid).inserted {
                let processName = switch track.info.kind {
                case .process: "worker process \(pid)"
                case .job: "SLURM job \(pid)"
                case .thread: "tutor \(pid)"
                }
                entries.append("{\"args\":{\"name\":\(JSONText.string(processName))},\"name\":\"process_name\",\"ph\":\"M\",\"pid\":\(pid),\"tid\":0}")
                entries.append("{\"args\":{\"sort_index\":\(namedProcesses.count)},\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":\(pid),\"tid\":0}")
            }
            entries.append("{\"args\":{\"name\":\(JSONText.string(track.info.name))},\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":\(pid),\"tid\":\(tid)}")
            entries.append("{\"args\":{\"sort_index\":\(track.info.id)},\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":\(pid),\"tid\":\(tid)}")
        }
        return entries
    }

    /// Every timed event of every track, as index entries sorted by time (ties in track order).
    static func timeline(_ tracks: [TrackEvents]) -> [TimedEntry] {
        var entries: [TimedEntry] = []
        entries.reserveCapacity(tracks.reduce(0) { $0 + $1.count })
        for (index, track) in tracks.enumerated() { track.entries(track: Int32(index), into: &entries) }
        entries.sort { ($0.time, $0.track, $0.kind.rawValue, $0.index) < ($1.time, $1.track, $1.kind.rawValue, $1.index) }
        return entries
    }
}

/// One timed event of a trace, by reference: which track, which of its lists, which item.
struct TimedEntry {
    enum Kind: UInt8 {
        case slice, hold, event
    }

    var time: UInt64
    var track: Int32
    var kind: Kind
    var index: Int32
}
