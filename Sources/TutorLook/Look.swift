/// The eight colours every terminal has, by name; the terminal layer maps them to curses
/// colour numbers and the text output to ANSI codes.
public enum Hue: Sendable, Equatable {
    case red, green, yellow, blue, magenta, cyan
}

/// How a role appears: a foreground colour (nil: the terminal's own) and attributes.
public struct Look: Sendable, Equatable {
    public var hue: Hue?
    public var bold = false
    public var dim = false
    public var reverse = false
    public var underline = false

    public init(_ hue: Hue? = nil, bold: Bool = false, dim: Bool = false, reverse: Bool = false,
                underline: Bool = false) {
        self.hue = hue
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }
}

extension Role {
    /// The one colour table: busy states warm (green, yellow), sleeping blue, waiting for a
    /// lock or semaphore red, for a condition cyan, for the GIL magenta. The app and the
    /// coloured `tutor demo` timeline both read it, so they cannot disagree.
    public var look: Look {
        switch self {
        case .normal: Look()
        case .dim, .comment, .axis, .held, .idle: Look(dim: true)
        case .title: Look(.cyan, bold: true)
        case .heading: Look(.yellow, bold: true)
        case .emphasis: Look(bold: true)
        case .code: Look(.cyan)
        case .keyword: Look(.magenta, bold: true)
        case .string: Look(.green)
        case .number: Look(.yellow)
        case .selected, .keyBar: Look(reverse: true)
        case .keyName: Look(.yellow, bold: true, reverse: true)
        case .warning: Look(.yellow, bold: true)
        case .good: Look(.green, bold: true)
        case .bad: Look(.red, bold: true)
        case .instant: Look(.magenta, bold: true)
        case .running: Look(.green)
        case .holdingLock, .holdingSemaphore: Look(.yellow, bold: true)
        case .sleeping: Look(.blue, bold: true)
        case .waitingLock, .waitingSemaphore: Look(.red)
        case .waitingCondition: Look(.cyan)
        case .waitingGIL: Look(.magenta)
        }
    }

    /// The same role without colour (`NO_COLOR`, a terminal without colour): attributes only.
    /// States stay apart by their glyphs.
    public var monochromeLook: Look {
        switch self {
        case .selected, .keyBar: Look(reverse: true)
        case .keyName: Look(bold: true, reverse: true)
        case .title, .heading, .emphasis, .keyword, .warning, .good, .bad, .instant, .holdingLock, .holdingSemaphore:
            Look(bold: true)
        case .dim, .comment, .axis, .idle, .held: Look(dim: true)
        case .code, .string: Look(underline: true)
        default: Look()
        }
    }
}
