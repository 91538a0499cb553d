import Synchronization

/// An append-only log of one worker's events: one writer, any number of concurrent readers.
///
/// Why this shape: recording must not serialise the workers, and the UI reads while they run.
/// Each lane has exactly one writing thread, so appends need no lock: the writer fills a slot,
/// then publishes the new count with a release store; a reader loads the count with acquire and
/// may read every slot below it. Events live in fixed-size chunks reached through a directory
/// allocated up front, so nothing a reader can see is ever moved. A lane holds up to
/// `capacity` events, and takes each new chunk from its recording's `RecordingBudget`;
/// beyond either, appends are counted in `dropped` rather than recorded.
final class Lane: @unchecked Sendable {
    static let chunkShift = 12
    static let chunkSize = 1 << chunkShift
    static let directorySize = 8192
    static let capacity = chunkSize * directorySize

    private let directory: UnsafeMutablePointer<UnsafeMutablePointer<Event>?>
    private let budget: RecordingBudget
    private let published = Atomic<Int>(0)
    private let droppedCount = Atomic<Int>(0)
    /// Only the writer touches this.
    private var written = 0

    init(budget: RecordingBudget = RecordingBudget()) {
        self.budget = budget
        directory = .allocate(capacity: Self.directorySize)
        directory.initialize(repeating: nil, count: Self.directorySize)
    }

    deinit {
        for index in 0..<Self.directorySize {
            directory[index]?.deallocate()
        }
        directory.deallocate()
    }

    /// Appends one event. Must only ever be called from the lane's one writing thread.
    @inline(__always)
    func append(_ event: Event) {
        let index = written
        let chunk = index >> Self.chunkShift
        guard chunk < Self.directorySize else {
            droppedCount.wrappingAdd(1, ordering: .relaxed)
            return
        }
        if directory[chunk] == nil {
            // Asked once per chunk of 4,096 events, so the shared budget costs the hot path
            // nothing.
            guard budget.takeChunk() else {
                droppedCount.wrappingAdd(1, ordering: .relaxed)
                return
            }
            directory[chunk] = .allocate(capacity: Self.chunkSize)
        }
        (directory[chunk].unsafelyUnwrapped + (index & (Self.chunkSize - 1))).initialize(to: event)
        written = index + 1
        published.store(index + 1, ordering: .releasing)
    }

    /// How many events a reader may read now.
    var count: Int { published.load(ordering: .acquiring) }

    /// Events that did not fit.
    var dropped: Int { droppedCount.load(ordering: .relaxed) }

    /// The event at `index`, which must be below a `count` this thread has loaded: chunks are
    /// never moved or freed while the lane lives, so published slots stay valid to read.
    @inline(__always)
    subscript(index: Int) -> Event {
        directory[index >> Self.chunkShift].unsafelyUnwrapped[index & (Self.chunkSize - 1)]
    }

    /// Calls `body` with the events from `start` up to `count`, a chunk's contiguous run at a time.
    func forEachRun(from start: Int, upTo count: Int, _ body: (UnsafeBufferPointer<Event>) throws -> Void) rethrows {
        var index = max(0, start)
        while index < count {
            let offset = index & (Self.chunkSize - 1)
            let run = min(Self.chunkSize - offset, count - index)
            try body(UnsafeBufferPointer(start: directory[index >> Self.chunkShift].unsafelyUnwrapped + offset, count: run))
            index += run
        }
    }
}
