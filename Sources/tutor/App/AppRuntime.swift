import Foundation
import TutorEngine
import TutorUI

/// The side of the app that touches the world: it starts, paces, steps and cancels demo runs,
/// runs repeats for histograms, exports traces and saves progress, as `update`'s effects ask.
/// Used from the main loop's thread only, except the repeat thread's results queue.
final class AppRuntime {
    private var run: DemoRun?
    private var reader: RecordingReader?
    private var lastStatus: DemoRun.Status?
    private var repeats: RepeatRunner?
    let progressStore: ProgressStore

    init(progressStore: ProgressStore) {
        self.progressStore = progressStore
    }

    /// Carries out `effects`; returns notices to show and whether to quit.
    func perform(_ effects: [Effect], state: AppState) -> (notices: [String], quit: Bool) {
        var notices: [String] = []
        var quit = false
        for effect in effects {
            switch effect {
            case .startRun(let id, let arguments, let mode):
                cancelRun()
                guard let demo = DemoCatalog.demo(id) else { continue }
                do {
                    let parameters = try ParameterParser.parse(arguments, specs: demo.parameters)
                    let started = try DemoRun.start(demo, parameters: parameters, mode: mode)
                    run = started
                    reader = RecordingReader(started.recorder)
                    lastStatus = nil
                } catch {
                    notices.append("could not start \(id): \(error)")
                }
            case .cancelRun:
                cancelRun()
            case .setMode(let mode):
                run?.pacer.setMode(mode)
            case .step(let worker):
                run?.pacer.step(worker)
            case .startRepeats(let id, let arguments, let count):
                repeats?.cancel()
                repeats = RepeatRunner(demo: id, arguments: arguments, count: count)
            case .cancelRepeats:
                repeats?.cancel()
                repeats = nil
            case .exportTrace:
                notices.append(exportTrace())
            case .saveProgress:
                if let warning = progressStore.save(state.progress) { notices.append(warning) }
            case .quit:
                quit = true
            }
        }
        return (notices, quit)
    }

    /// What the run has done since the last poll; nil when there is nothing new to show.
    func poll() -> RunSnapshot? {
        guard let run, let reader else { return nil }
        let status = run.currentStatus
        if let lastStatus, lastStatus != .running { return nil }
        lastStatus = status
        return RunSnapshot(recording: reader.read(), status: status, mode: run.pacer.currentMode,
                           nextSteps: run.pacer.nextSteps, cpuTime: run.cpuTime)
    }

    /// What each repeat run measured, since the last call.
    func repeatResults() -> [[String: Double]] { repeats?.drain() ?? [] }

    private func cancelRun() {
        guard let run else { return }
        run.cancel()
        run.wait()
        self.run = nil
        reader = nil
    }

    /// Stops everything: every thread joined and every worker process reaped.
    func shutDown() {
        cancelRun()
        repeats?.cancel()
        repeats = nil
    }

    private func exportTrace() -> String {
        guard let run else { return "run a demo first: there is no trace to export" }
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let path = FileManager.default.currentDirectoryPath + "/tutor-\(run.demo.id)-\(stamp).trace.json"
        let result: String
        switch run.currentStatus {
        case .completed(let outcome, _): result = outcome.result
        case .cancelled: result = "cancelled"
        case .failed(let message): result = "failed: " + message
        case .running: result = "running"
        }
        let info = ChromeTrace.RunInfo(demo: run.demo.id, parameters: run.parameters.summary, result: result,
                                       pid: ProcessInfo.processInfo.processIdentifier)
        do {
            try ChromeTrace.json(run.recorder.snapshot(), info).write(to: URL(fileURLWithPath: path), options: .atomic)
            return "trace: \((path as NSString).lastPathComponent) (open in ui.perfetto.dev)"
        } catch {
            return "could not write \(path): \(error.localizedDescription)"
        }
    }
}

/// Runs one demo many times at full speed on its own thread, collecting what each run measured.
final class RepeatRunner {
    /// What the repeat thread and the main loop share.
    private final class Shared: @unchecked Sendable {
        let lock = PthreadMutex()
        var values: [[String: Double]] = []
        var current: DemoRun?
        var cancelled = false
    }

    private let shared = Shared()
    private let thread: OSThread

    init(demo id: String, arguments: [String], count: Int) {
        thread = OSThread { [shared] in
            Self.repeatRuns(id, arguments, count, shared)
        }
        try? thread.start()
    }

    private static func repeatRuns(_ id: String, _ arguments: [String], _ count: Int, _ shared: Shared) {
        guard let demo = DemoCatalog.demo(id), let parameters = try? ParameterParser.parse(arguments, specs: demo.parameters)
        else { return }
        for _ in 0..<count {
            let started: DemoRun? = shared.lock.withLock {
                guard !shared.cancelled, let run = try? DemoRun.start(demo, parameters: parameters, mode: .fast) else { return nil }
                shared.current = run
                return run
            }
            guard let run = started else { return }
            let status = run.wait()
            shared.lock.withLock {
                if case .completed(let outcome, _) = status { shared.values.append(outcome.values) }
                shared.current = nil
            }
        }
    }

    func drain() -> [[String: Double]] {
        shared.lock.withLock {
            defer { shared.values.removeAll() }
            return shared.values
        }
    }

    func cancel() {
        shared.lock.withLock {
            shared.cancelled = true
            shared.current?.cancel()
        }
        thread.join()
    }
}
