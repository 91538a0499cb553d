import TutorEngine

/// What a run's live view derives from its recording, kept as a value from snapshot to
/// snapshot: each worker's timeline columns and digest, and the lost-update scan.
///
/// `advance(to:)` takes in only the events recorded since the previous snapshot, so a frame of
/// a run of a hundred thousand events costs what the last 50 ms added, not the whole run. The
/// app keeps one in the run's state and advances it when a snapshot message is applied; render
/// reads `frame`. The live columns use `StateCoverage.liveBucket`, which changes only by
/// doubling, so what was drawn stays exact; a finished run is laid out once more over the whole
/// width.
public struct RunDigest: Sendable {
    /// What a frame draws.
    public struct Frame: Sendable {
        /// One per worker; open slices drawn to the recording's end.
        public var coverages: [StateCoverage]
        public var digests: [TrackDigest]
        /// "LOST UPDATE: …", the latest lost write of the watched value; nil while there is none.
        public var lostUpdate: String?
        /// The first cycle of lock waits, if the demo asks for them to be looked for and one closed.
        public var deadlock: Deadlock?
    }

    private struct Worker: Sendable {
        var events: EventLog
        var coverage: StateCoverage
        var digest: TrackDigest
    }

    /// Timeline columns per lane.
    public let columns: Int
    /// The name of the shared value whose lost writes are looked for (the demo declares it).
    public let watched: String?
    /// Whether to look for deadlocks (`DemoWatch.deadlocks`).
    public let deadlocks: Bool
    private var origin: UInt64?
    private var workers: [Worker] = []
    private var lostUpdates: LostUpdateScan
    public private(set) var frame = Frame(coverages: [], digests: [], lostUpdate: nil)

    public init(columns: Int, watching watched: String?, deadlocks: Bool = false) {
        self.columns = max(columns, 1)
        self.watched = watched
        self.deadlocks = deadlocks
        lostUpdates = LostUpdateScan(name: watched ?? "")
    }

    /// The digest of `recording` as a whole.
    public init(_ recording: Recording, columns: Int, watching watched: String?, deadlocks: Bool = false) {
        self.init(columns: columns, watching: watched, deadlocks: deadlocks)
        advance(to: recording)
    }

    /// Takes in what `recording` holds beyond what the digest has seen. A recording that does
    /// not extend the last one (another run) starts the digest afresh.
    public mutating func advance(to recording: Recording) {
        let bucket = StateCoverage.liveBucket(duration: recording.duration, columns: columns)
        let object = watched.flatMap(recording.object(named:))
        let continues = origin == recording.origin && workers.count <= recording.tracks.count
            && zip(workers, recording.tracks).allSatisfy { $0.1.events.extends($0.0.events) }
        if !continues {
            workers = []
            lostUpdates = LostUpdateScan(name: watched ?? "")
        }
        workers = recording.tracks.enumerated().map { index, track in
            var worker = workers.indices.contains(index) ? workers[index]
                : Worker(events: track.events,
                         coverage: StateCoverage(origin: recording.origin, bucket: bucket, columns: columns,
                                                 instantLimit: columns),
                         digest: TrackDigest(watching: object))
            while worker.coverage.bucket < bucket { worker.coverage.doubleBucket() }
            worker.coverage.consume(track.events)
            worker.digest.consume(track.events)
            worker.events = track.events
            return worker
        }
        origin = recording.origin
        let digests = workers.map(\.digest)
        lostUpdates.consume(digests)
        let coverages = recording.isFinished
            ? recording.tracks.map { StateCoverage($0, recording, columns: columns, instantLimit: columns) }
            : workers.map { $0.coverage.closed(at: recording.end) }
        // Once a deadlock is found it stays named, though tutor breaks it afterwards.
        let deadlock = !deadlocks ? nil : (continues ? frame.deadlock : nil) ?? WaitForGraph.firstDeadlock(in: recording)
        frame = Frame(coverages: coverages, digests: digests,
                      lostUpdate: object == nil ? nil : lostUpdates.message(names: recording.tracks.map(\.info.name)),
                      deadlock: deadlock)
    }
}
