import TutorEngine
import TutorText

/// What the run panel derives from a recording, kept from frame to frame: each worker's
/// timeline columns and digest, and the lost-update scan. While a run records, a frame takes in
/// only the events recorded since the previous one, so drawing a run of a hundred thousand
/// events costs what the last 50 ms added, not the whole run.
///
/// The live columns use `StateCoverage.liveBucket`, which changes only by doubling, so what
/// was drawn stays exact; a finished run is drawn once more over the whole width. Holds what it
/// derived from the last recording drawn, and nothing older. Safe from any thread.
final class RunDigest: @unchecked Sendable {
    static let shared = RunDigest()

    struct Frame {
        /// One per worker; open slices drawn to the recording's end.
        var coverages: [StateCoverage]
        var digests: [TrackDigest]
        var lostUpdate: String?
    }

    private struct Worker {
        var events: EventLog
        var coverage: StateCoverage
        var digest: TrackDigest
    }

    private let lock = PthreadMutex()
    private var workers: [Worker] = []
    private var lostUpdates = LostUpdateScan()
    private var columns = 0
    private var origin: UInt64 = 0
    private var watched: ObjectID?

    func frame(_ recording: Recording, columns: Int) -> Frame {
        let bucket = StateCoverage.liveBucket(duration: recording.duration, columns: columns)
        let counter = recording.object(named: "counter")
        return lock.withLock {
            let continues = self.columns == columns && origin == recording.origin && watched == counter
                && zip(workers, recording.tracks).allSatisfy { $0.1.events.extends($0.0.events) }
                && workers.count <= recording.tracks.count
            if !continues {
                workers = []
                lostUpdates = LostUpdateScan()
            }
            workers = recording.tracks.enumerated().map { index, track in
                var worker = workers.indices.contains(index) ? workers[index]
                    : Worker(events: track.events,
                             coverage: StateCoverage(origin: recording.origin, bucket: bucket, columns: columns,
                                                     instantLimit: columns),
                             digest: TrackDigest(watching: counter))
                while worker.coverage.bucket < bucket { worker.coverage.doubleBucket() }
                worker.coverage.consume(track.events)
                worker.digest.consume(track.events)
                worker.events = track.events
                return worker
            }
            (self.columns, origin, watched) = (columns, recording.origin, counter)
            let digests = workers.map(\.digest)
            lostUpdates.consume(digests)
            let coverages = recording.isFinished
                ? recording.tracks.map { StateCoverage($0, recording, columns: columns, instantLimit: columns) }
                : workers.map { $0.coverage.closed(at: recording.end) }
            return Frame(coverages: coverages, digests: digests,
                         lostUpdate: lostUpdates.message(names: recording.tracks.map(\.info.name)))
        }
    }
}
