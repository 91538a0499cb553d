import ArgumentParser
import Foundation
import TutorEngine

/// `tutor run SCRIPT.py [ARGS…]`: runs a student's own Python program under observation,
/// headless. Its output appears as it happens; then the text timeline of every thread and
/// process it had, and a summary (cores used, GIL waits). The exit status is the script's, or 1
/// if its threads deadlocked.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Python script and show what its threads and processes did.",
        discussion: """
            tutor's options go before the script; everything after the script is the script's.
            Each thread and process is sampled from /proc about 1,000 times a second: running, \
            waiting for the GIL, waiting for a lock, semaphore or condition (named by the probe \
            tutor loads into Python), sleeping, or idle. Cores used is the CPU time of all of \
            them divided by the wall time. Ctrl-C ends the script and every process it started.
            """
    )

    @Option(help: "The Python to run, looked up on PATH.")
    var python = "python3"

    @Option(help: "Write the run as Chrome trace JSON (for Perfetto) to this file.")
    var trace: String?

    @Flag(help: "Plain ASCII without colour (for pipes, logs and screen readers).")
    var plain = false

    @Argument(parsing: .captureForPassthrough, help: "The script, then its own arguments.")
    var script: [String] = []

    func run() throws {
        // Everything after tutor's options is the script's, so help must be asked for here.
        if let first = script.first, ["-h", "--help", "-help"].contains(first) { throw CleanExit.helpRequest(self) }
        guard let file = script.first else { throw UsageError("run: name the Python script to run, e.g. tutor run pool.py") }
        guard FileManager.default.fileExists(atPath: file) else {
            throw UsageError("run: no such script '\(file)'")
        }
        let interpreter: String
        do {
            interpreter = try PythonInterpreter.resolve(python)
        } catch {
            throw UsageError("run: \(error)")
        }
        let demo = ObservedProgramDemo(command: [interpreter] + script, captured: false)
        let session = HeadlessSession(demo: demo, parameters: ParameterValues([]), mode: .fast,
                                      output: OutputTarget.standardOutput(plain: plain))
        let status = try session.run(traceFile: try TraceOption.target(trace))
        switch status {
        case .completed(let outcome, _):
            let code = Int32(outcome.values["exit_status"] ?? 1)
            // A program whose threads deadlocked: ended by tutor, or one that noticed it itself
            // (a join with a timeout) and may still exit 0. Say what happened, and fail.
            if let alert = outcome.alert {
                FileHandleOutput.standardError("tutor: run: \(alert)")
                throw code != 0 ? ExitCode(code) : ExitCode.failure
            }
            if code != 0 { throw ExitCode(code) }
        case .cancelled: throw SignalCancellation.exit
        case .failed(let reason):
            FileHandleOutput.standardError("tutor: run: \(reason)")
            throw ExitCode.failure
        case .running: throw ExitCode.failure
        }
    }
}
