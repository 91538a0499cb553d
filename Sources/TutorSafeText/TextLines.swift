/// Line handling shared by the two text formats tutor reads (light curves and lessons), so
/// both number lines and report bad bytes the same way.
public enum TextLines {
    /// The lines of `text`, split at "\n" and at "\r\n" (one Character in Swift, so it must be
    /// named on its own).
    public static func split(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    /// The 1-based number of the first line that is not valid UTF-8.
    public static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }

    /// `text` safe to print in one line of an error message: control characters (ESC, NUL,
    /// tabs, line breaks, C1 codes) become visible escapes such as `\u{1B}`, so a message that
    /// quotes a broken file cannot move the cursor or recolour the student's terminal. So do
    /// the characters that draw nothing or hide what follows: a byte-order mark, zero-width
    /// and direction marks and overrides (U+202E turns the rest of a line around), a no-break
    /// or other space that is not U+0020, line and paragraph separators. Quoted as
    /// `'\u{FEFF}1.000000'`, a value that "is not a number" shows why.
    public static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) || isInvisible(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether `scalar` draws nothing, or nothing like itself, in a terminal line.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator: return true
        case .spaceSeparator: return scalar != " "
        default: return false
        }
    }
}
