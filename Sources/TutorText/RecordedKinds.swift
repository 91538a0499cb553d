import TutorEngine

/// Which states and instants a recording contains, for legends: one pass over every event,
/// setting bits rather than hashing, so it stays cheap on long runs.
public struct RecordedKinds {
    public let states: Set<WorkerState>
    public let instants: Set<InstantKind>

    public init(_ tracks: [Track]) {
        var stateBits: UInt32 = 0, instantBits: UInt32 = 0
        for track in tracks {
            track.events.forEachRun { run in
                for event in run where event.code < 32 {
                    switch event.kind {
                    case .state: stateBits |= 1 << event.code
                    case .instant: instantBits |= 1 << event.code
                    case .counter: break
                    }
                }
            }
        }
        states = Set(WorkerState.allCases.filter { $0 != .done && stateBits & (1 << $0.rawValue) != 0 })
        instants = Set(InstantKind.allCases.filter { instantBits & (1 << $0.rawValue) != 0 })
    }
}
