import Synchronization

/// How much memory one recording's events may take, shared by all its lanes: 1 GiB (about
/// 44 million events of 24 bytes) by default. Every allowed parameter stays within it; a run
/// that would record more keeps its first events, counts the rest as dropped, and says so.
/// (Without it, 64 threads of a million increments each took 7 GB and the run was killed.)
final class RecordingBudget: Sendable {
    static let defaultBytes = 1 << 30
    private let chunksLeft: Atomic<Int>

    init(bytes: Int = RecordingBudget.defaultBytes) {
        chunksLeft = Atomic(bytes / (Lane.chunkSize * MemoryLayout<Event>.stride))
    }

    /// Takes room for one more chunk of events; false once the budget is spent.
    func takeChunk() -> Bool {
        chunksLeft.subtract(1, ordering: .relaxed).newValue >= 0
    }
}
