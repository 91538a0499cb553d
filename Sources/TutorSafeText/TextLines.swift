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
    /// quotes a broken file cannot move the cursor or recolour the student's terminal.
    public static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
