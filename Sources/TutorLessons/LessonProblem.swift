import TutorSafeText

/// Something wrong in a lesson file, printed as `file:line: message` (one printable line,
/// whatever bytes of the file it quotes).
public struct LessonProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = TextLines.printable(file)
        self.line = line
        self.message = TextLines.printable(message)
    }

    public var description: String { "\(file):\(line): \(message)" }
}
