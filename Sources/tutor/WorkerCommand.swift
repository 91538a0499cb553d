import ArgumentParser
import TutorAstro
import TutorEngine

/// `tutor worker`: the worker process of the pool demos; not for people (hidden from help).
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run as a pool worker process, reading tasks on stdin.",
        shouldDisplay: false
    )

    @OptionGroup var grid: GridOptions

    func run() throws {
        let status = WorkerMain.run(grid: try grid.frequencyGrid())
        if status != 0 { throw ExitCode(status) }
    }
}

/// The frequency grid options of `tutor periods` and `tutor worker`.
struct GridOptions: ParsableArguments {
    @Option(help: "Lowest trial frequency, cycles/day.")
    var fmin: Double = FrequencyGrid.standard.minimum

    @Option(help: "Highest trial frequency, cycles/day.")
    var fmax: Double = FrequencyGrid.standard.maximum

    @Option(help: "Number of trial frequencies.")
    var nfreq: Int = FrequencyGrid.standard.count

    /// The grid, checked against the same ranges as the pool demo's parameters.
    func frequencyGrid() throws -> FrequencyGrid {
        var arguments: [String] = []
        for (name, value) in [("fmin", "\(fmin)"), ("fmax", "\(fmax)"), ("nfreq", "\(nfreq)")] {
            arguments += ["--\(name)", value]
        }
        do {
            let values = try ParameterParser.parse(arguments, specs: PeriodSearchParameters.specs)
            return try PeriodSearchParameters.grid(values)
        } catch {
            throw UsageError(error.description)
        }
    }
}
