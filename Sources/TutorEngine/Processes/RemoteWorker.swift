#if canImport(Glibc)
import Glibc
#endif

/// The parent's side of one worker process: its pipes, and the lane its events are merged into.
/// Used by exactly one proxy thread, the lane's single writer.
final class RemoteWorker {
    let child: ChildProcess
    let handle: Worker
    private let recorder: Recorder
    private let pacer: Pacer
    /// The last lines the worker wrote that were not protocol messages (a crash report, say).
    private(set) var diagnostics: [String] = []
    private var finished = false

    /// How waiting for a task ended.
    enum End {
        case result(ProcessPool.TaskResult.Outcome)
        case died(ChildProcess.Termination, diagnostics: [String])
    }

    init(child: ChildProcess, handle: Worker, recorder: Recorder, pacer: Pacer) {
        self.child = child
        self.handle = handle
        self.recorder = recorder
        self.pacer = pacer
    }

    /// Reads until the worker's first message, which should be `hello`.
    func awaitHello() -> WorkerMessage? {
        while let message = nextMessage() {
            if case .hello = message { return message }
        }
        return nil
    }

    /// Merges the worker's reports until task `index` ends, or the worker does.
    func awaitEnd(of index: Int) -> End {
        while let message = nextMessage() {
            switch message {
            case .result(let task, let period, let power, let points) where task == index:
                return .result(.period(period: period, power: power, points: points))
            case .failed(let task, let text) where task == index:
                return .result(.failed(text))
            case .finished(let task) where task == index:
                return .result(.finished)
            default:
                continue
            }
        }
        return .died(child.reap(), diagnostics: diagnostics)
    }

    /// The next protocol message, after merging events and output on the way; nil at end of file.
    private func nextMessage() -> WorkerMessage? {
        while let line = child.readLine() {
            guard let message = WorkerMessage(line: line[...]) else {
                diagnostics = Array((diagnostics + [line]).suffix(5))
                continue
            }
            switch message {
            case .event(var event, let object):
                event.object = object.map(recorder.object) ?? .none
                handle.lane.append(event)
                if event.state == .done { finished = true }
            case .print(let text):
                handle.print(text)
            default:
                return message
            }
        }
        return nil
    }

    /// Ends the worker: asks it to quit, merges its last events, and reaps it; terminates it
    /// (SIGTERM, then SIGKILL) if the run was cancelled or it does not go.
    func shutDown() {
        if pacer.isCancelled {
            child.reap(terminatingWithGrace: ProcessPool.terminationGrace)
        } else {
            child.send(WorkerTask.quit.line)
            child.closeInput()
            while nextMessage() != nil {}
            child.reap(terminatingWithGrace: ProcessPool.terminationGrace)
        }
        if !finished {
            handle.enter(.done)
            finished = true
        }
        pacer.workerFinished(handle.id)
    }
}
