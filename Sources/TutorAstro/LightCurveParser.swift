import TutorSafeText
/// Reads the `.lc` format: UTF-8 text; `#` starts a comment line; blank lines are skipped; every
/// other line holds three whitespace-separated numbers: time (days), magnitude, error (> 0).
///
/// Anything else is an error naming the file and line, so a student can fix their own data.
public enum LightCurveParser {
    /// The fewest points a period search can use.
    public static let minimumPoints = 3

    public static func parse(_ bytes: [UInt8], name: String) throws(LightCurveError) -> LightCurve {
        guard var text = String(validating: bytes, as: UTF8.self) else {
            throw LightCurveError(file: name, line: TextLines.firstInvalidUTF8Line(bytes), message: "not valid UTF-8 text")
        }
        // A byte-order mark, as some Windows editors write, is not part of the first number.
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        var times: [Double] = []
        var magnitudes: [Double] = []
        var errors: [Double] = []
        var lineNumber = 0
        for line in TextLines.split(text) {
            lineNumber += 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 3 else {
                throw LightCurveError(file: name, line: lineNumber,
                                      message: "expected 3 numbers (time, magnitude, error), found \(fields.count) field\(fields.count == 1 ? "" : "s")")
            }
            var numbers: [Double] = []
            for (field, meaning) in zip(fields, ["time", "magnitude", "error"]) {
                guard let value = Double(field), value.isFinite else {
                    throw LightCurveError(file: name, line: lineNumber,
                                          message: "\(meaning) is not a finite number: '\(field.prefix(40))'")
                }
                numbers.append(value)
            }
            guard numbers[2] > 0 else {
                throw LightCurveError(file: name, line: lineNumber, message: "error must be > 0, not \(fields[2])")
            }
            times.append(numbers[0])
            magnitudes.append(numbers[1])
            errors.append(numbers[2])
        }
        // These concern the whole file, not a line of it: `file: message`.
        guard times.count >= minimumPoints else {
            let points = times.count == 1 ? "only 1 data point" : "only \(times.count) data points"
            throw LightCurveError(file: name, line: nil, message: "\(points); a period search needs at least \(minimumPoints)")
        }
        guard let first = times.first, times.contains(where: { $0 != first }) else {
            throw LightCurveError(file: name, line: nil, message: "all points have the same time")
        }
        return LightCurve(name: name, times: times, magnitudes: magnitudes, errors: errors)
    }
}

/// A problem in a light-curve file, printed as `file:line: message` (or `file: message` when
/// it concerns the whole file, such as a missing one): one printable line, whatever it quotes.
public struct LightCurveError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = TextLines.printable(file)
        self.line = line
        self.message = TextLines.printable(message)
    }

    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}
