import ArgumentParser
import TutorEngine

/// `tutor demo <id>`: runs one demo headless, prints its console output as it happens, then a
/// text timeline and a summary; optionally writes a Chrome trace.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run one demo without the terminal UI.",
        discussion: DemoCommand.parameterReference
    )

    @Argument(help: "The demo's id, as `tutor list` prints it.")
    var id: String

    @Option(parsing: .unconditional, help: "Speed factor for pacing (0.05 to 100): 2 runs twice as fast.")
    var speed: Double?

    @Flag(help: "No pacing: run at full speed.")
    var fast = false

    @Flag(help: "Plain ASCII without colour (for pipes, logs and screen readers).")
    var plain = false

    @Option(help: "Write the run as Chrome trace JSON (for Perfetto) to this file.")
    var trace: String?

    @Argument(parsing: .allUnrecognized, help: "The demo's own parameters, e.g. --threads 4.")
    var parameters: [String] = []

    static let speedRange = 0.05...100.0

    func run() throws {
        guard let demo = DemoCatalog.demo(id) else {
            throw UsageError("unknown demo '\(id)': the demos are " + DemoCatalog.all.map(\.id).joined(separator: ", "))
        }
        let values: ParameterValues
        do {
            values = try ParameterParser.parse(parameters, specs: demo.parameters)
            try demo.validate(values)
        } catch {
            throw UsageError("demo \(id): \(error)")
        }
        if let speed, !Self.speedRange.contains(speed) {
            throw UsageError("--speed must be a number from 0.05 to 100, not '\(speed)'")
        }
        if fast && speed != nil {
            throw UsageError("--fast and --speed exclude each other")
        }
        let mode: PacerMode = fast ? .fast : demo.watch.paced(speed ?? 1)
        let session = HeadlessSession(demo: demo, parameters: values, mode: mode,
                                      output: OutputTarget.standardOutput(plain: plain))
        let status = try session.run(traceFile: try TraceOption.target(trace))
        switch status {
        case .completed(_, let checks) where checks.allSatisfy(\.passed): return
        case .cancelled: throw SignalCancellation.exit
        default: throw ExitCode.failure
        }
    }

    /// The demos and their parameters, for `tutor demo --help`.
    static var parameterReference: String {
        var lines = ["Demos and their parameters:"]
        for demo in DemoCatalog.all {
            lines.append("  \(demo.id): \(demo.title)")
            for spec in demo.parameters {
                // A flag is off and a file list empty unless given: no default to name.
                let shown: String
                switch spec.kind {
                case .flag: shown = " (\(spec.allowed))"
                case .paths: shown = ", one or more"
                default: shown = " (\(spec.allowed); default \(spec.defaultValue))"
                }
                lines += wrapped(spec.meaning + shown, after: "      --\(spec.name)  ", hanging: 10)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `text` after `lead` in lines of at most 79 columns, broken between words, the rest
    /// indented by `hanging`: short enough that the help's own wrapping, which would start
    /// continuations at column 0, leaves them alone.
    static func wrapped(_ text: String, after lead: String, hanging: Int) -> [String] {
        var lines: [String] = [], line = lead, separator = ""
        for word in text.split(separator: " ") {
            if line.count + separator.count + word.count > 79 {
                lines.append(line)
                (line, separator) = (String(repeating: " ", count: hanging), "")
            }
            line += separator + word
            separator = " "
        }
        lines.append(line)
        return lines
    }
}

/// A usage error: printed as one line, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
