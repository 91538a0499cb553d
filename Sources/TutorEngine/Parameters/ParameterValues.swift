/// A demo's parameter values: the defaults of its specs, with whatever the user changed.
public struct ParameterValues: Sendable, Equatable {
    public let specs: [String]
    private var values: [String: ParameterValue]

    /// The defaults of `specs`.
    public init(_ specs: [ParameterSpec]) {
        self.specs = specs.map(\.name)
        values = Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0.defaultValue) })
    }

    public subscript(name: String) -> ParameterValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    public func integer(_ name: String) -> Int {
        if case .integer(let value) = values[name] { return value }
        preconditionFailure("parameter \(name) is not an integer")
    }

    public func number(_ name: String) -> Double {
        switch values[name] {
        case .number(let value): return value
        case .integer(let value): return Double(value)
        default: preconditionFailure("parameter \(name) is not a number")
        }
    }

    public func flag(_ name: String) -> Bool {
        if case .flag(let value) = values[name] { return value }
        preconditionFailure("parameter \(name) is not a flag")
    }

    public func choice(_ name: String) -> String {
        if case .choice(let value) = values[name] { return value }
        preconditionFailure("parameter \(name) is not a choice")
    }

    public func paths(_ name: String) -> [String] {
        if case .paths(let value) = values[name] { return value }
        preconditionFailure("parameter \(name) is not a list of paths")
    }

    /// "threads=10 increments=1", in spec order, for summaries and trace metadata.
    public var summary: [(name: String, value: String)] {
        specs.compactMap { name in values[name].map { (name, $0.description) } }
    }
}
