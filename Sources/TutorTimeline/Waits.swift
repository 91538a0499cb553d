import TutorEngine

/// How long the workers waited for each named lock, semaphore, condition: what a finished
/// run's summary says, so the names a program gave its locks are seen.
public enum Waits {
    /// "catalog_lock 0.10 s (writer-B), slots 0.30 s (Thread-3, Thread-4)", longest first.
    /// A thread is named under a lock or semaphore only if it really waited: while it was in
    /// `waiting` another thread held the object (every acquire passes through `waiting`,
    /// for a few hundred nanoseconds when nobody holds it). A condition is always waited for.
    public static func text(_ recording: Recording, unicode: Bool = true) -> String {
        var total: [ObjectID: UInt64] = [:]
        var who: [ObjectID: [String]] = [:]
        let slices = recording.tracks.map { $0.slices(until: recording.end) }
        let held = holds(recording)
        for (index, track) in recording.tracks.enumerated() {
            for slice in slices[index]
            where slice.object != .none && [.waitingLock, .waitingSemaphore, .waitingCondition].contains(slice.state) {
                let contended = slice.state == .waitingCondition || (held[slice.object] ?? []).contains {
                    $0.track != index && $0.start < slice.end && slice.start < $0.end
                }
                guard contended else { continue }
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

    /// Who held what when, from the acquire and release instants (a thread waiting for a
    /// second lock still holds its first, which its state alone does not say); a hold not
    /// released by its own thread (a semaphore's permit) lasts to the end.
    static func holds(_ recording: Recording) -> [ObjectID: [(track: Int, start: UInt64, end: UInt64)]] {
        var held: [ObjectID: [(track: Int, start: UInt64, end: UInt64)]] = [:]
        for (index, track) in recording.tracks.enumerated() {
            var open: [ObjectID: [UInt64]] = [:]
            for event in track.events where event.object != .none {
                switch event.instant {
                case .acquire: open[event.object, default: []].append(event.time)
                case .release:
                    if let start = open[event.object]?.popLast() { held[event.object, default: []].append((index, start, event.time)) }
                default: break
                }
            }
            for (object, starts) in open {
                for start in starts { held[object, default: []].append((index, start, recording.end)) }
            }
        }
        return held
    }
}
