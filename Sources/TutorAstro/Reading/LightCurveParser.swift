import TutorSafeText
/// Reads the `.lc` format: UTF-8 text; `#` starts a comment line; blank lines are skipped; every
/// other line holds three whitespace-separated numbers: time (days), magnitude, error (> 0).
///
/// Anything else is an error naming the file and line, so a student can fix their own data.
/// It reads bytes, never a String per line or field: reading is part of a period search's cost.
public enum LightCurveParser {
    /// The fewest points a period search can use.
    public static let minimumPoints = 3

    public static func parse(_ bytes: [UInt8], name: String) throws(LightCurveError) -> LightCurve {
        try ByteLines.validate(bytes, name: name)
        var times: [Double] = [], magnitudes: [Double] = [], errors: [Double] = []
        let expected = bytes.count / 24
        times.reserveCapacity(expected)
        magnitudes.reserveCapacity(expected)
        errors.reserveCapacity(expected)
        let result: Result<Void, LightCurveError> = bytes.withUnsafeBufferPointer { buffer in
            var fields: [UnsafeBufferPointer<UInt8>] = []
            do throws(LightCurveError) {
                try ByteLines(bytes: buffer).forEach { (number, line) throws(LightCurveError) in
                    line.fields(into: &fields) { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                    if fields.isEmpty || fields[0].first == UInt8(ascii: "#") { return true }
                    let (time, magnitude, error) = try point(fields, line: number, name: name)
                    times.append(time)
                    magnitudes.append(magnitude)
                    errors.append(error)
                    return true
                }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
        return try LightCurve.checked(name: name, times: times, magnitudes: magnitudes, errors: errors)
    }

    private static let meanings = ["time", "magnitude", "error"]

    private static func point(_ fields: [UnsafeBufferPointer<UInt8>], line: Int, name: String) throws(LightCurveError) -> (Double, Double, Double) {
        guard fields.count == 3 else {
            throw LightCurveError(file: name, line: line,
                                  message: "expected 3 numbers (time, magnitude, error), found \(fields.count) field\(fields.count == 1 ? "" : "s")")
        }
        var numbers = (0.0, 0.0, 0.0)
        for index in 0..<3 {
            guard let value = DecimalNumber.parse(fields[index]), value.isFinite else {
                throw LightCurveError(file: name, line: line,
                                      message: "\(meanings[index]) is not a finite number: '\(ByteLines.text(fields[index]).prefix(40))'")
            }
            switch index {
            case 0: numbers.0 = value
            case 1: numbers.1 = value
            default: numbers.2 = value
            }
        }
        guard numbers.2 > 0 else {
            throw LightCurveError(file: name, line: line, message: "error must be > 0, not \(ByteLines.text(fields[2]))")
        }
        return numbers
    }
}

extension LightCurve {
    /// A curve a period search can use, or the whole-file problem that stops it (`file: message`).
    static func checked(name: String, times: [Double], magnitudes: [Double], errors: [Double]) throws(LightCurveError) -> LightCurve {
        guard times.count >= LightCurveParser.minimumPoints else {
            let points = times.count == 1 ? "only 1 data point" : "only \(times.count) data points"
            throw LightCurveError(file: name, line: nil, message: "\(points); a period search needs at least \(LightCurveParser.minimumPoints)")
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
