import ArgumentParser
import Foundation
import TutorEngine
import TutorText

/// One headless demo run: starts it, streams its console output as it happens, cancels it on
/// SIGINT, SIGTERM or SIGHUP, then prints the timeline and the summary and writes the trace.
struct HeadlessSession {
    let demo: any Demo
    let parameters: ParameterValues
    let mode: PacerMode
    let output: OutputTarget

    /// How often the console output is polled while the demo runs.
    static let pollInterval: useconds_t = 50_000

    func run(traceFile: TraceTarget?) throws -> DemoRun.Status {
        let run = try DemoRun.start(demo, parameters: parameters, mode: mode)
        let signals = SignalCancellation { run.cancel() }
        defer { signals.stop() }

        let reader = RecordingReader(run.recorder)
        var printed = 0
        func printNewOutput() -> Recording {
            let recording = reader.read()
            for line in recording.output[printed...] { FileHandleOutput.standardOutput(line.text) }
            printed = recording.output.count
            return recording
        }
        while !run.isFinished {
            _ = printNewOutput()
            usleep(Self.pollInterval)
        }
        let status = run.wait()
        let recording = printNewOutput()
        if SignalCancellation.received != nil {
            // Stopped by a signal: how the run ended, and out, without the seconds a long
            // run's timeline and summary would take.
            FileHandleOutput.standardOutput("Result: " + status.resultText)
            throw SignalCancellation.exit
        }

        FileHandleOutput.standardOutput("")
        let timeline = TimelineText.render(recording, width: output.width, style: output.style)
        let summary = SummaryText.render(recording, status: status, cpuTime: run.cpuTime, style: output.style)
        FileHandleOutput.standardOutput((timeline + [""] + summary).joined(separator: "\n"))

        // A signal after the run ended (while the summary was drawn) still ends the command
        // as a signal does: no trace, and 128 + the signal, never 0.
        if SignalCancellation.received != nil { throw SignalCancellation.exit }
        if let traceFile {
            try writeTrace(recording, status: status, to: traceFile) { SignalCancellation.received != nil }
        }
        return status
    }

    /// Streams the trace to `target`; `interrupted` (a signal, during the export) stops it.
    private func writeTrace(_ recording: Recording, status: DemoRun.Status, to target: TraceTarget,
                            interrupted: @escaping () -> Bool) throws {
        let info = ChromeTrace.RunInfo(demo: demo.id, parameters: parameters.summary, result: status.resultText,
                                       pid: ProcessInfo.processInfo.processIdentifier, deadlocks: demo.watch.deadlocks)
        do {
            try target.write { (descriptor: Int32) throws(ChromeTrace.WriteError) in
                try ChromeTrace.write(recording, info, to: descriptor, stop: interrupted)
            }
            FileHandleOutput.standardOutput("Trace written to \(target.path) (open it in Perfetto).")
        } catch {
            FileHandleOutput.standardError("tutor: the trace was not written: \(error)")
            throw interrupted() ? SignalCancellation.exit : ExitCode.failure
        }
    }
}
