/// Reads a live `Recorder` incrementally: each `read()` copies no events, only the new console
/// lines and the workers' names.
///
/// The UI polls many times a second while workers record millions of events; a poll must not
/// cost time growing with the run. Tracks are `EventLog`s that view the recorder's lanes up to
/// the count published at the time of reading. Use one reader from one thread.
public final class RecordingReader {
    private let recorder: Recorder
    private var current: Recording

    public init(_ recorder: Recorder) {
        self.recorder = recorder
        current = Recording(origin: recorder.origin, end: recorder.origin)
    }

    /// The recording as it stands now.
    public func read() -> Recording {
        let header = recorder.header(outputFrom: current.output.count)
        for (index, lane) in header.lanes.enumerated() {
            let events = EventLog(lane: lane, count: lane.count)
            if index == current.tracks.count {
                current.tracks.append(Track(info: header.workers[index], events: events))
            } else {
                current.tracks[index] = Track(info: header.workers[index], events: events)
            }
        }
        current.objects = header.objects
        current.output.append(contentsOf: header.output)
        current.droppedEvents = header.lanes.reduce(0) { $0 + $1.dropped }
        current.isFinished = header.finishedAt != nil
        current.end = header.finishedAt ?? MonotonicClock.now()
        return current
    }
}
