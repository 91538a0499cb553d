@preconcurrency import CNcursesw
import TutorUI

/// Roles to colours and attributes: colours by meaning (busy states warm, waiting states
/// cool and red), and a monochrome scheme for `NO_COLOR` or terminals without colour, in which
/// states stay apart by their glyphs.
struct Palette {
    private let color: Bool

    init(color: Bool) {
        self.color = color
        guard color else { return }
        start_color()
        use_default_colors()
        for role in Role.allCases {
            let (foreground, _) = Self.colors(role)
            init_pair(Int16(role.rawValue) + 1, foreground, -1)
        }
    }

    /// Foreground colour and extra attributes of a role.
    private static func colors(_ role: Role) -> (Int16, attr_t) {
        let bold = tutor_attr_bold(), dim = tutor_attr_dim(), reverse = tutor_attr_reverse(), none = tutor_attr_normal()
        switch role {
        case .normal: return (-1, none)
        case .dim, .comment, .axis, .held: return (-1, dim)
        case .title: return (Int16(COLOR_CYAN), bold)
        case .heading: return (Int16(COLOR_YELLOW), bold)
        case .emphasis: return (-1, bold)
        case .code: return (Int16(COLOR_CYAN), none)
        case .keyword: return (Int16(COLOR_MAGENTA), bold)
        case .string: return (Int16(COLOR_GREEN), none)
        case .number: return (Int16(COLOR_YELLOW), none)
        case .selected: return (-1, reverse)
        case .keyBar: return (-1, reverse)
        case .keyName: return (Int16(COLOR_YELLOW), reverse | bold)
        case .warning: return (Int16(COLOR_YELLOW), bold)
        case .good: return (Int16(COLOR_GREEN), bold)
        case .bad: return (Int16(COLOR_RED), bold)
        case .instant: return (Int16(COLOR_MAGENTA), bold)
        case .running: return (Int16(COLOR_GREEN), none)
        case .holdingLock, .holdingSemaphore: return (Int16(COLOR_YELLOW), bold)
        case .sleeping: return (Int16(COLOR_BLUE), bold)
        case .waitingLock, .waitingSemaphore: return (Int16(COLOR_RED), none)
        case .waitingCondition: return (Int16(COLOR_CYAN), none)
        case .waitingGIL: return (Int16(COLOR_MAGENTA), none)
        case .idle: return (-1, dim)
        }
    }

    /// Attributes of a role without colour.
    private static func monochrome(_ role: Role) -> attr_t {
        let bold = tutor_attr_bold(), dim = tutor_attr_dim(), reverse = tutor_attr_reverse(), underline = tutor_attr_underline()
        switch role {
        case .selected, .keyBar: return reverse
        case .keyName: return reverse | bold
        case .title, .heading, .emphasis, .keyword, .warning, .good, .bad, .instant, .holdingLock, .holdingSemaphore: return bold
        case .dim, .comment, .axis, .idle, .held: return dim
        case .code, .string: return underline
        default: return tutor_attr_normal()
        }
    }

    func apply(_ role: Role) {
        if color {
            let (_, attributes) = Self.colors(role)
            attrset(Int32(bitPattern: UInt32(attributes)) | Int32(COLOR_PAIR(Int32(role.rawValue) + 1)))
        } else {
            attrset(Int32(bitPattern: UInt32(Self.monochrome(role))))
        }
    }
}
