import Synchronization

/// An append-only log of one worker's events: one writer, any number of concurrent readers.
///
/// Why this shape: recording must not serialise the workers, and the UI reads while they run.
/// Each lane has exactly one writing thread, so appends need no lock: the writer fills a slot,
/// then publishes the new count with a release store; a reader loads the count with acquire and
/// may read every slot below it. Events live in fixed-size chunks reached through a directory
/// allocated up front, so nothing a reader can see is ever moved. A lane holds up to
/// `capacity` events; beyond that, appends are counted in `dropped` rather than recorded.
final class Lane: @unchecked Sendable {
    static let chunkShift = 12
    static let chunkSize = 1 << chunkShift
    static let directorySize = 8192
    static let capacity = chunkSize * directorySize

    private let directory: UnsafeMutablePointer<UnsafeMutablePointer<Event>?>
    private let published = Atomic<Int>(0)
    private let droppedCount = Atomic<Int>(0)
    /// Only the writer touches this.
    private var written = 0

    init() {
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

    /// Copies the published events from `start` on, appending them to `destination`.
    func copy(from start: Int, into destination: inout [Event]) {
        let end = count
        guard start < end else { return }
        destination.reserveCapacity(destination.count + end - start)
        var index = start
        while index < end {
            let chunk = directory[index >> Self.chunkShift].unsafelyUnwrapped
            let offset = index & (Self.chunkSize - 1)
            let run = min(Self.chunkSize - offset, end - index)
            destination.append(contentsOf: UnsafeBufferPointer(start: chunk + offset, count: run))
            index += run
        }
    }
}
