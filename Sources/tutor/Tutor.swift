import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The `tutor` command: lessons on parallel programming with real threads and processes.
@main
struct Tutor: ParsableCommand {
    @OptionGroup var app: AppOptions

    static let configuration = CommandConfiguration(
        commandName: "tutor",
        abstract: "Learn parallel programming by watching real threads and processes.",
        subcommands: [ListCommand.self, DemoCommand.self, RunCommand.self, WatchCommand.self, CheckCommand.self, PeriodsCommand.self, ClusterCommand.self, GenerateCurvesCommand.self, BenchCommand.self, WorkerCommand.self]
    )

    /// With no command, the course opens in the terminal.
    func run() throws {
        // Stopped by a signal, the app ends as a shell expects of it: with 128 + the signal.
        let ending = try app.runApp()
        // Said once the terminal is back: the last save comes after the screen is gone.
        if let unsaved = ending.unsaved { FileHandleOutput.standardError("tutor: \(unsaved)") }
        if let signal = ending.signal { throw ExitCode(128 + signal) }
        if ending.unsaved != nil { throw ExitCode.failure }
    }

    /// Parses and runs, giving usage errors exit status 2 like other Unix tools
    /// (ArgumentParser's own default is 64).
    static func main() {
        // Start with no blocked signals, whatever the parent left blocked: Ctrl-C, SIGTERM and
        // the terminal's signals must reach tutor, and the workers it spawns.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        do {
            var command = try parseAsRoot()
            try command.run()
            endIfOutputFailed()
        } catch let error as UsageError {
            FileHandleOutput.standardError("tutor: \(error)")
            exit(withError: ExitCode(2))
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandleOutput.standardError(fullMessage(for: error))
                exit(withError: ExitCode(2))
            }
            // Help and --version go out through the checked writer, so a full disk or a closed
            // pipe is an error here too (ArgumentParser's own print would exit 0).
            if exitCode(for: error) == .success {
                FileHandleOutput.standardOutput(fullMessage(for: error))
                endIfOutputFailed()
                exit(withError: ExitCode.success)
            }
            endIfOutputFailed()
            exit(withError: error)
        }
    }

    /// A command whose output could not be written has failed, whatever it computed.
    private static func endIfOutputFailed() {
        guard let failure = FileHandleOutput.outputFailure else { return }
        if !failure.isEmpty { FileHandleOutput.standardError("tutor: \(failure)") }
        exit(withError: ExitCode.failure)
    }
}
