/// Reads a live `Recorder` incrementally: each `read()` copies only what is new since the last.
///
/// The UI polls about 30 times a second; copying whole lanes each time would cost time growing
/// with the run. A reader keeps its own copy and a cursor per lane, so a poll costs what
/// happened since the previous one. Use one reader from one thread.
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
            if index == current.tracks.count {
                current.tracks.append(Track(info: header.workers[index], events: []))
            }
            current.tracks[index].info = header.workers[index]
            lane.copy(from: current.tracks[index].events.count, into: &current.tracks[index].events)
        }
        current.objects = header.objects
        current.output.append(contentsOf: header.output)
        current.droppedEvents = header.lanes.reduce(0) { $0 + $1.dropped }
        current.isFinished = header.finishedAt != nil
        current.end = header.finishedAt ?? MonotonicClock.now()
        return current
    }
}
