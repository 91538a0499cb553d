import TutorEngine

/// How text output may look: plain ASCII for pipes, logs and screen readers, or Unicode glyphs,
/// optionally coloured with ANSI escapes.
public struct TextStyle: Sendable, Equatable {
    public var unicode: Bool
    public var color: Bool

    public init(unicode: Bool, color: Bool) {
        self.unicode = unicode
        self.color = color
    }

    public static let plain = TextStyle(unicode: false, color: false)

    /// The glyph a state is drawn with; distinct per state, so colour is never needed to tell them apart.
    public func glyph(_ state: WorkerState) -> Character {
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

    /// The ANSI foreground colour (30–37, 90–97) of a state: busy states warm, waiting cool.
    func colorCode(_ state: WorkerState) -> Int {
        switch state {
        case .running: 32
        case .holdingLock, .holdingSemaphore: 33
        case .sleeping: 34
        case .waitingLock, .waitingSemaphore, .waitingCondition, .waitingGIL: 31
        case .idle, .done: 90
        }
    }

    /// `text` coloured as `state` when colour is on.
    /// `text` in the colour of `state`; dimmed when tutor's pacer held the worker then.
    func paint(_ text: String, as state: WorkerState, held: Bool = false) -> String {
        color ? "\u{1B}[\(held ? "2;" : "")\(colorCode(state))m\(text)\u{1B}[0m" : text
    }

    /// `text` in bold when colour is on.
    func strong(_ text: String) -> String {
        color ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }
}
