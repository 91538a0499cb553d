/// Questions asked of a recording by demo checks, the summary and the tests: how many workers
/// were in a state at once, did slices overlap, what values did a counter take.
public enum TraceAnalysis {
    /// The largest number of workers in any of `states` at the same instant. Slices that only
    /// touch (one ends when the next starts) do not count as overlapping. When the recording
    /// dropped events (past its memory budget), each worker's last state is taken to end at its
    /// last recorded event, not at the recording's end: the change that closed it was lost,
    /// and a lock "held" to the end by every worker would be a false finding.
    public static func maxConcurrency(_ recording: Recording, in states: Set<WorkerState>,
                                      among include: (Track) -> Bool = { _ in true },
                                      within window: ClosedRange<UInt64>? = nil) -> Int {
        var edges: [(time: UInt64, delta: Int)] = []
        for track in recording.tracks where include(track) {
            let end = recording.droppedEvents > 0 ? min(recording.end, track.events.last?.time ?? recording.end) : recording.end
            for slice in track.slices(until: end) where states.contains(slice.state) {
                let clipped = window.map { slice.clipped(to: $0) } ?? slice
                guard clipped.end > clipped.start else { continue }
                edges.append((clipped.start, 1))
                edges.append((clipped.end, -1))
            }
        }
        // Ends sort before starts at the same time, so touching slices do not overlap.
        edges.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        var current = 0
        var peak = 0
        for edge in edges {
            current += edge.delta
            peak = max(peak, current)
        }
        return peak
    }

    /// All values `counter` took, in time order across workers.
    public static func counterValues(_ recording: Recording, _ counter: String) -> [(time: UInt64, value: Int64)] {
        guard let object = recording.object(named: counter) else { return [] }
        return recording.tracks
            .flatMap { $0.counterEvents.filter { $0.object == object } }
            .sorted { $0.time < $1.time }
            .map { ($0.time, $0.value) }
    }

    /// Every instant of `kind` with the worker that recorded it, in time order.
    public static func instants(_ recording: Recording, _ kind: InstantKind) -> [(worker: Int, event: Event)] {
        recording.tracks
            .flatMap { track in track.instants.filter { $0.instant == kind }.map { (track.info.id, $0) } }
            .sorted { $0.event.time < $1.event.time }
    }
}
