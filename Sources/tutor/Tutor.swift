import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The `tutor` command: lessons on parallel programming with real threads and processes.
@main
struct Tutor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutor",
        abstract: "Learn parallel programming by watching real threads and processes.",
        subcommands: [ListCommand.self, DemoCommand.self, CheckCommand.self, PeriodsCommand.self, GenerateCurvesCommand.self, BenchCommand.self, WorkerCommand.self]
    )

    /// Parses and runs, giving usage errors exit status 2 like other Unix tools
    /// (ArgumentParser's own default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as UsageError {
            FileHandleOutput.standardError("tutor: \(error)")
            exit(withError: ExitCode(2))
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandleOutput.standardError(fullMessage(for: error))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
