@preconcurrency import CNcursesw
import TutorLook

/// Roles to curses colours and attributes, following the one table of `Role.look`, or its
/// monochrome form for `NO_COLOR` or terminals without colour.
struct Palette {
    private let color: Bool

    init(color: Bool) {
        self.color = color
        guard color else { return }
        start_color()
        use_default_colors()
        for role in Role.allCases {
            init_pair(Int16(role.rawValue) + 1, role.look.hue.map(Self.curses) ?? -1, -1)
        }
    }

    private static func curses(_ hue: Hue) -> Int16 {
        switch hue {
        case .red: Int16(COLOR_RED)
        case .green: Int16(COLOR_GREEN)
        case .yellow: Int16(COLOR_YELLOW)
        case .blue: Int16(COLOR_BLUE)
        case .magenta: Int16(COLOR_MAGENTA)
        case .cyan: Int16(COLOR_CYAN)
        }
    }

    private static func attributes(_ look: Look) -> attr_t {
        var result = tutor_attr_normal()
        if look.bold { result |= tutor_attr_bold() }
        if look.dim { result |= tutor_attr_dim() }
        if look.reverse { result |= tutor_attr_reverse() }
        if look.underline { result |= tutor_attr_underline() }
        return result
    }

    func apply(_ role: Role) {
        if color {
            attrset(Int32(bitPattern: UInt32(Self.attributes(role.look))) | Int32(COLOR_PAIR(Int32(role.rawValue) + 1)))
        } else {
            attrset(Int32(bitPattern: UInt32(Self.attributes(role.monochromeLook))))
        }
    }
}
