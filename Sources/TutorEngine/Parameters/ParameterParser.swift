/// Turns `--name value` arguments into checked `ParameterValues` for one demo.
public enum ParameterParser {
    /// Parses `arguments` (`--threads 4`, `--threads=4`, `--no-lock`, `--files a b c`).
    /// - Throws: `ParameterError` naming the first bad parameter and what it allows.
    public static func parse(_ arguments: [String], specs: [ParameterSpec]) throws(ParameterError) -> ParameterValues {
        var values = ParameterValues(specs)
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw .unknown(name: argument, known: specs.map(\.name))
            }
            var name = String(argument.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                throw .unknown(name: "--" + name, known: specs.map(\.name))
            }
            switch spec.kind {
            case .flag:
                values[name] = try inline.map(spec.parse) ?? .flag(true)
            case .paths:
                var paths = inline.map { [$0] } ?? []
                while index < arguments.count, !arguments[index].hasPrefix("--") {
                    paths.append(arguments[index])
                    index += 1
                }
                guard !paths.isEmpty, paths.allSatisfy({ !$0.isEmpty }) else {
                    throw .missingValue(name: name, allowed: spec.allowed)
                }
                values[name] = .paths(paths)
            default:
                let text: String
                if let inline {
                    text = inline
                } else if index < arguments.count {
                    text = arguments[index]
                    index += 1
                } else {
                    throw .missingValue(name: name, allowed: spec.allowed)
                }
                values[name] = try spec.parse(text)
            }
        }
        return values
    }
}
