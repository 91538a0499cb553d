/// `counter < expected`: a comparison of a measured value with another or with a number, the
/// way a lesson question says which answer the run will prove right.
public struct Condition: Sendable, Equatable, CustomStringConvertible {
    public enum Operand: Sendable, Equatable {
        case value(String)
        case number(Double)
    }

    public enum Comparison: String, Sendable, CaseIterable {
        case lessOrEqual = "<="
        case greaterOrEqual = ">="
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case greater = ">"
    }

    public var left: Operand
    public var comparison: Comparison
    public var right: Operand

    /// Parses `name op name-or-number`. - Throws: a message saying what is wrong.
    public init(parsing text: String) throws(ConditionError) {
        let trimmed = text.trimmingCharacters(in: " \t")
        guard let comparison = Comparison.allCases.first(where: { trimmed.contains($0.rawValue) }),
              let range = trimmed.range(of: comparison.rawValue) else {
            throw ConditionError("a condition compares two things with <, <=, ==, !=, >= or >: '\(trimmed)'")
        }
        self.comparison = comparison
        left = try Self.operand(String(trimmed[..<range.lowerBound]))
        right = try Self.operand(String(trimmed[range.upperBound...]))
    }

    private static func operand(_ text: String) throws(ConditionError) -> Operand {
        let word = text.trimmingCharacters(in: " \t")
        if let number = Double(word), number.isFinite { return .number(number) }
        guard let first = word.unicodeScalars.first, first.properties.isAlphabetic || first == "_",
              word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0) })
        else {
            throw ConditionError("'\(word)' is neither a measured value's name nor a number")
        }
        return .value(word)
    }

    /// The names of measured values it uses.
    public var names: [String] {
        [left, right].compactMap { if case .value(let name) = $0 { name } else { nil } }
    }

    /// Whether it holds for `values`; nil if a name is missing from them.
    public func holds(for values: [String: Double]) -> Bool? {
        func resolve(_ operand: Operand) -> Double? {
            switch operand {
            case .value(let name): values[name]
            case .number(let number): number
            }
        }
        guard let a = resolve(left), let b = resolve(right) else { return nil }
        switch comparison {
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .equal: return a == b
        case .notEqual: return a != b
        case .greaterOrEqual: return a >= b
        case .greater: return a > b
        }
    }

    public var description: String {
        func text(_ operand: Operand) -> String {
            switch operand {
            case .value(let name): name
            case .number(let number): number == number.rounded() ? String(Int(number)) : String(number)
            }
        }
        return "\(text(left)) \(comparison.rawValue) \(text(right))"
    }
}

/// Why a condition could not be parsed.
public struct ConditionError: Error, Equatable {
    public var message: String
    init(_ message: String) { self.message = message }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var characters = Substring(self)
        while let first = characters.first, set.contains(first) { characters.removeFirst() }
        while let last = characters.last, set.contains(last) { characters.removeLast() }
        return String(characters)
    }
}
