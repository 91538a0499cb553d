import Foundation
import TutorEngine
import TutorUI

/// The side of the app that touches the world: it starts, paces, steps and cancels demo runs,
/// runs repeats for histograms, exports traces and saves progress, as `update`'s effects ask,
/// and reports every result back as a `Message` for `update`. It never reads or writes the
/// app's state. Used from the main loop's thread only.
public final class AppRuntime {
    private var run: DemoRun?
    private var reader: RecordingReader?
    private var lastStatus: DemoRun.Status?
    private var repeats: RepeatRunner?
    private var export: TraceExport?
    /// Where progress is saved; nil when nothing is to be saved (`tutor watch`).
    private let progressStore: ProgressStore?
    private let catalog: [any Demo]
    /// Where `e` writes traces.
    private let traceFolder: String
    /// The Python that lessons' blocks run with (`--python`).
    private let python: String
    /// A private folder for the Python blocks run, made on first use, removed at shut-down.
    private var scratch: String?
    private var programs = 0

    public init(progressStore: ProgressStore?, catalog: [any Demo] = DemoCatalog.all,
                traceFolder: String = StateFolder.path("traces"), python: String = "python3") {
        self.progressStore = progressStore
        self.catalog = catalog
        self.traceFolder = traceFolder
        self.python = python
    }

    /// Why the latest save of progress failed, nil if it worked: the app says it after the
    /// terminal is restored, since the last save comes when the screen is gone.
    public private(set) var saveFailure: String?

    /// Whether a demo run is under way or kept for export.
    public var hasRun: Bool { run != nil }

    /// Carries out `effects`; returns what came of them.
    public func perform(_ effects: [Effect]) -> [Message] {
        var messages: [Message] = []
        for effect in effects {
            switch effect {
            case .startRun(let id, let arguments, let mode):
                cancelRun()
                guard let demo = catalog.first(where: { $0.id == id }) else {
                    messages.append(.runFailed("no demo '\(id)' in this tutor"))
                    continue
                }
                do {
                    try start(demo, parameters: try ParameterParser.parse(arguments, specs: demo.parameters), mode: mode)
                } catch {
                    messages.append(.runFailed("could not start \(id): \(error)"))
                }
            case .startProgram(let spec, let mode):
                cancelRun()
                do {
                    try start(try program(spec, stepped: mode != .fast), parameters: ParameterValues([]), mode: mode)
                } catch {
                    messages.append(.runFailed("could not run \(spec.label): \(error)"))
                }
            case .startProgramRepeats(let spec, let count):
                repeats?.cancel()
                do {
                    repeats = RepeatRunner(demo: try program(spec), arguments: [], count: count)
                } catch {
                    repeats = nil
                    messages.append(.runFailed("could not run \(spec.label): \(error)"))
                }
            case .cancelRun:
                cancelRun()
            case .setMode(let mode):
                run?.pacer.setMode(mode)
            case .step(let worker):
                run?.pacer.step(worker)
            case .startRepeats(let id, let arguments, let count):
                repeats?.cancel()
                repeats = catalog.first { $0.id == id }.map { RepeatRunner(demo: $0, arguments: arguments, count: count) }
            case .cancelRepeats:
                repeats?.cancel()
                repeats = nil
            case .exportTrace:
                messages.append(exportTrace())
            case .saveProgress(let progress):
                saveFailure = progressStore?.save(progress)
                if let saveFailure { messages.append(.failed(saveFailure)) }
            }
        }
        return messages
    }

    private func start(_ demo: any Demo, parameters: ParameterValues, mode: PacerMode) throws {
        let started = try DemoRun.start(demo, parameters: parameters, mode: mode)
        run = started
        reader = RecordingReader(started.recorder)
        lastStatus = nil
    }

    /// The observed run of `spec`: a lesson's block is written to the scratch folder first and
    /// run by the resolved Python, a command as it is (a `.py` file by the Python). A
    /// `stepped` one waits before every line of the student's code for the pacer.
    private func program(_ spec: ProgramSpec, stepped: Bool = false) throws -> ObservedProgramDemo {
        let command: [String]
        switch spec.source {
        case .python(let code):
            let folder = try scratch ?? PrivateFolder.make("tutor-blocks")
            scratch = folder
            programs += 1
            let path = (folder as NSString).appendingPathComponent("block-\(programs).py")
            try code.write(toFile: path, atomically: true, encoding: .utf8)
            command = [try PythonInterpreter.resolve(python), path]
        case .command(let words):
            // A script runs under the Python given; a Python named as the command runs as the
            // interpreter it is, so a launcher (pyenv's shim) is not drawn as the program.
            let first = words.first ?? ""
            if first.hasSuffix(".py") {
                command = [try PythonInterpreter.resolve(python)] + words
            } else if (first as NSString).lastPathComponent.hasPrefix("python"), let real = try? PythonInterpreter.resolve(first) {
                command = [real] + words.dropFirst()
            } else {
                command = words
            }
        }
        return ObservedProgramDemo(command: command, captured: true, workingDirectory: spec.workingDirectory, stepped: stepped)
    }

    /// What the run and the repeats have done since the last poll: a snapshot while the run
    /// goes on (and the one that shows its end), and each repeat's measured values.
    public func poll() -> [Message] {
        var messages: [Message] = []
        if let run, let reader, lastStatus.map({ $0 == .running }) ?? true {
            // The pacer's view first, the recording last: a worker records what it did before
            // it waits at its next step, so a recording read after seeing it wait holds all of
            // that. (Read the other way round, a step could be seen over while its last events
            // were missing, and a stepped run, no longer polled, showed a stale frame.)
            let status = run.currentStatus
            let mode = run.pacer.currentMode, nextSteps = run.pacer.nextSteps, cpuTime = run.cpuTime
            lastStatus = status
            messages.append(.run(RunSnapshot(recording: reader.read(), status: status, mode: mode,
                                             nextSteps: nextSteps, cpuTime: cpuTime)))
        }
        for outcome in repeats?.drain() ?? [] { messages.append(.repeatResult(outcome.values, unreliable: outcome.unreliable)) }
        if let export, let outcome = export.finished() {
            export.end(stopping: false)
            self.export = nil
            messages.append(outcome)
        }
        return messages
    }

    private func cancelRun() {
        guard let run else { return }
        run.cancel()
        run.wait()
        self.run = nil
        reader = nil
    }

    /// Stops everything: every thread joined and every worker process reaped. A trace being
    /// written is finished first, or, when a signal ends the app (`stopping`), stopped and
    /// removed, so no half-written file is left.
    public func shutDown(stopping: Bool = false) {
        export?.end(stopping: stopping)
        export = nil
        cancelRun()
        repeats?.cancel()
        repeats = nil
        if let scratch { try? FileManager.default.removeItem(atPath: scratch) }
        scratch = nil
    }

    /// Starts writing the last run's trace on its own thread; `poll` reports when it is done.
    private func exportTrace() -> Message {
        guard let run else { return .failed("run a demo first: there is no trace to export") }
        guard export == nil else { return .failed("a trace is being written already") }
        let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: .current,
                                                formatOptions: [.withFullDate, .withTime, .withDashSeparatorInDate])
        let path = (traceFolder as NSString).appendingPathComponent("\(run.demo.id)-\(stamp).json")
        // The reason first: a long path is what the 80-column status line cuts.
        if let reason = StateFolder.make(traceFolder) { return .exportFailed("no trace written: \(reason)") }
        let info = ChromeTrace.RunInfo(demo: run.demo.id, parameters: run.parameters.summary,
                                       result: run.currentStatus.resultText, pid: ProcessInfo.processInfo.processIdentifier,
                                       deadlocks: run.demo.watch.deadlocks)
        // Said with `~` for the home folder, so the whole path fits on an 80-column line.
        let home = NSHomeDirectory()
        let shown = path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
        do {
            let target = try TraceTarget.check(path)
            export = try TraceExport(run.recorder.snapshot(), info, to: target, shownAs: shown)
            return .exportStarted(path: shown)
        } catch let error as TraceTargetError {
            return .exportFailed(error.description)
        } catch {
            return .exportFailed("could not start writing the trace: \(error)")
        }
    }
}
