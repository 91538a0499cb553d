import Foundation

/// Writes a recording as Chrome Trace Event Format JSON, which Perfetto and chrome://tracing open.
///
/// The object form: `traceEvents` holds one `X` slice per worker state (ts and dur in
/// microseconds from the recording's origin, the real pid, the worker's kernel tid, the CPU in
/// `args`), `i` instants, `C` counters and `M` metadata naming processes and workers;
/// `otherData` carries the demo, its parameters, its console output and its result.
public enum ChromeTrace {
    /// Facts about the run that go in `otherData`.
    public struct RunInfo: Sendable {
        public var demo: String
        public var parameters: [(name: String, value: String)]
        public var result: String
        public var pid: Int32

        public init(demo: String, parameters: [(name: String, value: String)], result: String, pid: Int32) {
            self.demo = demo
            self.parameters = parameters
            self.result = result
            self.pid = pid
        }
    }

    public static func json(_ recording: Recording, _ info: RunInfo) throws -> Data {
        let document: [String: Any] = [
            "traceEvents": events(recording),
            "displayTimeUnit": "ms",
            "otherData": [
                "demo": info.demo,
                "parameters": Dictionary(info.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                "output": recording.output.map(\.text),
                "result": info.result,
                "pid": Int(info.pid),
            ] as [String: Any],
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    }

    static func events(_ recording: Recording) -> [[String: Any]] {
        var metadata: [[String: Any]] = []
        var timed: [(ts: Double, event: [String: Any])] = []
        var namedProcesses: Set<Int32> = []
        func micros(_ time: UInt64) -> Double { Double(time &- recording.origin) / 1_000 }

        for track in recording.tracks {
            let pid = Int(track.info.pid)
            let tid = track.info.tid != 0 ? Int(track.info.tid) : -(track.info.id + 1)
            if namedProcesses.insert(track.info.pid).inserted {
                let processName = switch track.info.kind {
                case .process: "worker process \(pid)"
                case .job: "SLURM job \(pid)"
                case .thread: "tutor \(pid)"
                }
                metadata.append(["ph": "M", "name": "process_name", "pid": pid, "tid": 0, "args": ["name": processName]])
                metadata.append(["ph": "M", "name": "process_sort_index", "pid": pid, "tid": 0,
                                 "args": ["sort_index": namedProcesses.count]])
            }
            metadata.append(["ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": ["name": track.info.name]])
            metadata.append(["ph": "M", "name": "thread_sort_index", "pid": pid, "tid": tid,
                             "args": ["sort_index": track.info.id]])

            for slice in track.slices(until: recording.end) {
                var args: [String: Any] = ["cpu": Int(slice.cpu)]
                if let object = recording.name(of: slice.object) { args["object"] = object }
                timed.append((micros(slice.start), [
                    "ph": "X", "name": slice.state.description, "cat": "state", "pid": pid, "tid": tid,
                    "ts": micros(slice.start), "dur": Double(slice.duration) / 1_000, "args": args,
                ]))
            }
            var holds = HoldPairing()
            for event in track.events {
                switch event.kind {
                case .instant:
                    var args: [String: Any] = ["cpu": Int(event.cpu)]
                    let object = recording.name(of: event.object)
                    if event.instant == .result {
                        args["file"] = object ?? ""
                        args["period"] = event.resultPeriod
                        args["pid"] = pid
                    } else {
                        args["item"] = Int(event.value)
                        if let object { args["object"] = object }
                    }
                    timed.append((micros(event.time), [
                        "ph": "i", "s": "t", "name": event.instant?.description ?? "instant", "cat": "instant",
                        "pid": pid, "tid": tid, "ts": micros(event.time), "args": args,
                    ]))
                case .counter:
                    let name = recording.name(of: event.object) ?? "counter"
                    timed.append((micros(event.time), [
                        "ph": "C", "name": name, "pid": pid, "ts": micros(event.time), "args": [name: Int(event.value)],
                    ]))
                case .hold:
                    // The pacer's hold, nested in the state slice it interrupts (the state
                    // cannot change while held).
                    if let span = holds.take(event) {
                        timed.append((micros(span.start), [
                            "ph": "X", "name": "held by tutor's pace", "cat": "pacer", "pid": pid, "tid": tid,
                            "ts": micros(span.start), "dur": Double(span.end - span.start) / 1_000, "args": [String: Any](),
                        ]))
                    }
                case .state:
                    break
                }
            }
        }
        timed.sort { $0.ts < $1.ts }
        return metadata + timed.map(\.event)
    }
}
