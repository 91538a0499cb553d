import TutorSafeText

/// One typed parameter of a demo: its name on the command line, the values it allows, its
/// default and a one-line meaning. The command line, the UI's parameter editor and the lesson
/// checker all validate against the same spec.
public struct ParameterSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        case integer(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        /// Present or absent; written `--name` alone.
        case flag
        case choice([String])
        /// Files or folders, one or more.
        case paths
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: ParameterValue
    public let meaning: String

    public init(_ name: String, _ kind: Kind, default defaultValue: ParameterValue, _ meaning: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.meaning = meaning
    }

    /// The allowed values in a few characters, for a narrow column: "1–1000000", "on/off".
    public var range: String {
        switch kind {
        case .integer(let range): "\(range.lowerBound)–\(range.upperBound)"
        case .number(let range): "\(ParameterValue.format(range.lowerBound))–\(ParameterValue.format(range.upperBound))"
        case .flag: "on/off"
        case .choice(let options): options.joined(separator: "|")
        case .paths: "files"
        }
    }

    /// What the parameter allows, in words: "an integer from 1 to 64".
    public var allowed: String {
        switch kind {
        case .integer(let range): "an integer from \(range.lowerBound) to \(range.upperBound)"
        case .number(let range):
            "a number from \(ParameterValue.format(range.lowerBound)) to \(ParameterValue.format(range.upperBound))"
        case .flag: "a flag (no value)"
        case .choice(let options): "one of " + options.joined(separator: ", ")
        case .paths: "one or more files or folders"
        }
    }

    /// Parses and checks one textual value (the flag kind takes "true" or "false").
    public func parse(_ text: String) throws(ParameterError) -> ParameterValue {
        switch kind {
        case .integer(let range):
            guard let value = Int(text), range.contains(value) else { throw invalid(text) }
            return .integer(value)
        case .number(let range):
            guard let value = Double(text), value.isFinite, range.contains(value) else { throw invalid(text) }
            return .number(value)
        case .flag:
            guard let value = Bool(text) else { throw invalid(text) }
            return .flag(value)
        case .choice(let options):
            guard options.contains(text) else { throw invalid(text) }
            return .choice(text)
        case .paths:
            guard !text.isEmpty else { throw invalid(text) }
            return .paths([text])
        }
    }

    private func invalid(_ text: String) -> ParameterError {
        .invalidValue(name: name, value: text, allowed: allowed, meaning: meaning)
    }
}

/// A parameter's value, tagged with its kind.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case number(Double)
    case flag(Bool)
    case choice(String)
    case paths([String])

    public var description: String {
        switch self {
        case .integer(let value): String(value)
        case .number(let value): Self.format(value)
        case .flag(let value): String(value)
        case .choice(let value): value
        case .paths(let value): value.joined(separator: " ")
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// Why a demo's parameters were refused; the description is the one line the user sees.
public enum ParameterError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknown(name: String, known: [String])
    case invalidValue(name: String, value: String, allowed: String, meaning: String)
    case missingValue(name: String, allowed: String)

    public var description: String {
        switch self {
        case .unknown(let name, let known):
            let list = known.isEmpty ? "it takes none" : "it takes " + known.map { "--" + $0 }.joined(separator: ", ")
            return "unknown parameter '\(TextLines.printable(name))': \(list)"
        case .invalidValue(let name, let value, let allowed, let meaning):
            // Quoted as typed, with what draws nothing shown (a BOM, a no-break space).
            return "--\(name) must be \(allowed) (\(meaning)), not '\(TextLines.printable(value))'"
        case .missingValue(let name, let allowed):
            return "--\(name) needs a value: \(allowed)"
        }
    }
}
