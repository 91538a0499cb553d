/// Lesson text is data: before it reaches the grid, control characters and escape sequences
/// become visible symbols (so nothing is ever sent to the terminal as a command), and
/// characters that do not take exactly one column become a placeholder (so layout holds).
public enum InertText {
    public static func scalars(_ text: String, unicode: Bool) -> [Unicode.Scalar] {
        text.unicodeScalars.map { inert($0, unicode: unicode) }
    }

    static func inert(_ scalar: Unicode.Scalar, unicode: Bool) -> Unicode.Scalar {
        switch scalar.value {
        case 0x09: return " "
        case 0x1B: return unicode ? "␛" : "^"
        case 0x7F: return unicode ? "␡" : "?"
        case 0x00..<0x20: return unicode ? Unicode.Scalar(0x2400 + scalar.value) ?? "?" : "?"
        case 0x20..<0x7F: return scalar
        case 0x80..<0xA0: return unicode ? "�" : "?"
        default:
            guard unicode else { return ASCIIStandIn.of(scalar) ?? "?" }
            return isSingleColumn(scalar) ? scalar : "�"
        }
    }

    /// Whether a terminal draws `scalar` in exactly one column: not a combining mark or format
    /// character (zero columns), not East Asian wide or an emoji (two). Decided from Unicode
    /// properties rather than `wcwidth`, whose answer depends on the process's locale.
    static func isSingleColumn(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .surrogate, .unassigned, .lineSeparator,
             .paragraphSeparator, .privateUse:
            return false
        default:
            break
        }
        if scalar.properties.isEmojiPresentation { return false }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD:
            return false
        default:
            return true
        }
    }
}
