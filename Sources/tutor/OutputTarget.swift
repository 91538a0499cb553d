#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TutorLook
import TutorText

/// What standard output is: a terminal (Unicode and colour allowed) or a pipe (plain ASCII),
/// and how wide it is.
struct OutputTarget {
    var style: TextStyle
    var width: Int

    /// Colour only when stdout is a terminal and `NO_COLOR` is unset or empty; Unicode only on a
    /// terminal with a UTF-8 locale; `--plain` turns both off.
    static func standardOutput(plain: Bool) -> OutputTarget {
        let terminal = isatty(1) == 1
        let environment = ProcessInfo.processInfo.environment
        let style = plain || !terminal ? TextStyle.plain
            : TextStyle(unicode: OutputEnvironment.localeIsUTF8(environment), color: OutputEnvironment.colorAllowed(environment))
        return OutputTarget(style: style, width: terminal ? terminalWidth : 80)
    }

    private static var terminalWidth: Int {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 else { return 80 }
        return Int(size.ws_col)
    }
}
