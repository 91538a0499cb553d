import TutorEngine

/// The glyph of every state and instant, in Unicode and in ASCII, and the role each is drawn
/// in: one table for the live lanes, the per-core view, the text timeline and their legends.
/// Each state has its own glyph, so colour is never needed to tell states apart.
public enum Glyphs {
    public static func state(_ state: WorkerState, unicode: Bool) -> Character {
        switch state {
        case .running: unicode ? "█" : "#"
        case .holdingLock: unicode ? "▓" : "L"
        case .holdingSemaphore: unicode ? "▒" : "S"
        case .sleeping: unicode ? "░" : "z"
        case .waitingLock: "w"
        case .waitingSemaphore: "s"
        case .waitingCondition: "c"
        case .waitingGIL: "g"
        case .idle: unicode ? "·" : "."
        case .done: " "
        }
    }

    public static func instant(_ instant: InstantKind) -> Character {
        switch instant {
        case .acquire: ">"
        case .release: "<"
        case .notify: "!"
        case .wake: "^"
        case .produce: "+"
        case .consume: "-"
        case .result: "*"
        case .failed: "X"
        case .read: "r"
        case .write: "="
        }
    }
}

extension WorkerState {
    /// The role a state is drawn in.
    public var role: Role {
        switch self {
        case .running: .running
        case .sleeping: .sleeping
        case .waitingLock: .waitingLock
        case .holdingLock: .holdingLock
        case .waitingSemaphore: .waitingSemaphore
        case .holdingSemaphore: .holdingSemaphore
        case .waitingCondition: .waitingCondition
        case .idle, .done: .idle
        case .waitingGIL: .waitingGIL
        }
    }
}
