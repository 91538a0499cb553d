import TutorEngine

/// Which states and instants a recording contains, for legends.
public struct RecordedKinds: Sendable {
    public let states: Set<WorkerState>
    public let instants: Set<InstantKind>
    /// Whether tutor's pacer held any worker (a paced, paused or stepped run).
    public let held: Bool

    /// From the digests of every worker: what any of them recorded.
    public init(_ digests: [TrackDigest]) {
        let stateBits = digests.reduce(0) { $0 | $1.stateBits }
        let instantBits = digests.reduce(0) { $0 | $1.instantBits }
        states = Set(WorkerState.allCases.filter { $0 != .done && stateBits & (1 << $0.rawValue) != 0 })
        instants = Set(InstantKind.allCases.filter { instantBits & (1 << $0.rawValue) != 0 })
        held = digests.contains { $0.wasHeld }
    }

    public init(_ tracks: [Track]) {
        self.init(tracks.map { TrackDigest($0) })
    }
}
