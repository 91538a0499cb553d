import TutorEngine

/// How long the workers waited for each named lock, semaphore, condition: what a finished
/// run's summary says, so the names a program gave its locks are seen.
public enum Waits {
    /// "catalog_lock 0.10 s (writer-B), slots 0.30 s (Thread-3, Thread-4)", longest first.
    public static func text(_ recording: Recording, unicode: Bool = true) -> String {
        var total: [ObjectID: UInt64] = [:]
        var who: [ObjectID: [String]] = [:]
        for track in recording.tracks {
            for slice in track.slices(until: recording.end)
            where slice.object != .none && [.waitingLock, .waitingSemaphore, .waitingCondition].contains(slice.state) {
                total[slice.object, default: 0] += slice.duration
                if who[slice.object]?.contains(track.info.name) != true { who[slice.object, default: []].append(track.info.name) }
            }
        }
        return total.filter { $0.value > 0 }.sorted { $0.value > $1.value }.compactMap { object, time in
            recording.name(of: object).map { name in
                let waiters = who[object] ?? []
                let shown = waiters.prefix(3).joined(separator: ", ") + (waiters.count > 3 ? ", …" : "")
                return "\(name) \(DurationText.format(time, unicode: unicode)) (\(shown))"
            }
        }.joined(separator: ", ")
    }
}
