import TutorEngine

/// What recording one event costs a worker: a real demo whose threads do nothing but record,
/// through the same `Worker` calls every demo uses (a clock read, the CPU number, a lane append).
struct RecorderBench {
    let eventsPerThread: Int

    struct Figures {
        var nanosecondsPerEvent: Double
        var lost: Int
    }

    /// One run with `threads` recording threads: the median thread's cost per event, read from
    /// the recording's own timestamps, and how many of the events it should hold are missing
    /// (dropped for want of room, or lost).
    func measure(threads: Int) throws -> Figures {
        var parameters = RecordingProbe().defaultParameters
        parameters["threads"] = .integer(threads)
        parameters["events"] = .integer(eventsPerThread)
        let run = try DemoRun.start(RecordingProbe(), parameters: parameters, mode: .fast)
        _ = run.wait()
        let recording = run.recorder.snapshot()
        let probes = recording.tracks.filter { $0.info.name.hasPrefix("recorder") }
        let costs = probes.map { track -> Double in
            let marks = track.events.filter { $0.kind == .instant }
            guard let first = marks.first, let last = marks.last, marks.count > 1 else { return 0 }
            return Double(last.time - first.time) / Double(marks.count - 1)
        }
        let recorded = probes.reduce(0) { $0 + $1.events.filter { $0.kind == .instant }.count }
        return Figures(nanosecondsPerEvent: Samples(values: costs).median,
                       lost: threads * eventsPerThread - recorded)
    }
}

/// The demo `RecorderBench` runs: each thread records `events` instants as fast as it can.
private struct RecordingProbe: Demo {
    let id = "recorder-probe"
    let title = "Recorder cost"
    let parameters: [ParameterSpec] = [
        ParameterSpec("threads", .integer(1...64), default: .integer(1), "recording threads"),
        ParameterSpec("events", .integer(1...10_000_000), default: .integer(1_000), "events per thread"),
    ]
    let measures: [String] = []
    let watch = DemoWatch(histogram: nil)

    func run(_ context: DemoContext) throws -> DemoOutcome {
        let events = context.parameters.integer("events")
        let threads = (1...context.parameters.integer("threads")).map { index in
            context.makeThread("recorder \(index)") { worker in
                for item in 0..<events { worker.mark(.produce, value: item) }
            }
        }
        for thread in threads { try thread.start() }
        try context.join(threads)
        return DemoOutcome(result: "recorded")
    }
}
