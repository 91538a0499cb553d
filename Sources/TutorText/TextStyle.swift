import TutorEngine
import TutorLook

/// How text output may look: plain ASCII for pipes, logs and screen readers, or Unicode glyphs,
/// optionally coloured with ANSI escapes after the one colour table (`Role.look`).
public struct TextStyle: Sendable, Equatable {
    public var unicode: Bool
    public var color: Bool

    public init(unicode: Bool, color: Bool) {
        self.unicode = unicode
        self.color = color
    }

    public static let plain = TextStyle(unicode: false, color: false)

    /// The glyph a state is drawn with (`Glyphs`).
    public func glyph(_ state: WorkerState) -> Character {
        Glyphs.state(state, unicode: unicode)
    }

    /// `text` in the look of `state`; dimmed when tutor's pacer held the worker then.
    func paint(_ text: String, as state: WorkerState, held: Bool = false) -> String {
        guard color else { return text }
        var look = state.role.look
        look.dim = look.dim || held
        return Self.ansi(look, text)
    }

    /// `text` in bold when colour is on.
    func strong(_ text: String) -> String {
        color ? Self.ansi(Look(bold: true), text) : text
    }

    /// SGR codes for a look: attributes, then the foreground (30–37).
    private static func ansi(_ look: Look, _ text: String) -> String {
        var codes: [String] = []
        if look.bold { codes.append("1") }
        if look.dim { codes.append("2") }
        if look.underline { codes.append("4") }
        if look.reverse { codes.append("7") }
        if let hue = look.hue { codes.append(String(30 + foreground(hue))) }
        guard !codes.isEmpty else { return text }
        return "\u{1B}[" + codes.joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }

    private static func foreground(_ hue: Hue) -> Int {
        switch hue {
        case .red: 1
        case .green: 2
        case .yellow: 3
        case .blue: 4
        case .magenta: 5
        case .cyan: 6
        }
    }
}
