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
        /// What the task gave, and the CPU time it took in nanoseconds (0 when not reported).
        case result(ProcessPool.TaskResult.Outcome, cpu: UInt64)
        case died(ChildProcess.Termination, diagnostics: [String])
        /// The worker said nothing for the watchdog's time: it is stopped or stuck, and was
        /// killed.
        case silent(seconds: Double)
    }

    /// How long a worker may go without a word during a task before it counts as stuck.
    let watchdog: Double

    init(child: ChildProcess, handle: Worker, recorder: Recorder, pacer: Pacer, watchdog: Double) {
        self.watchdog = watchdog
        self.child = child
        self.handle = handle
        self.recorder = recorder
        self.pacer = pacer
    }

    /// Reads until the worker's first message, which should be `hello`.
    func awaitHello() -> WorkerMessage? {
        while case .message(let message) = nextMessage() {
            if case .hello = message { return message }
        }
        return nil
    }

    /// Merges the worker's reports until task `index` ends, or the worker does.
    func awaitEnd(of index: Int) -> End {
        while true {
            let message: WorkerMessage
            switch nextMessage() {
            case .message(let next): message = next
            case .end:
                // Its output closed: it exited, or closed its standard output and lives on,
                // which a short grace and then a kill ends either way.
                let ended = child.reap(within: ProcessPool.terminationGrace)
                    ?? child.reap(terminatingWithGrace: ProcessPool.terminationGrace)
                return .died(ended, diagnostics: diagnostics)
            case .quiet:
                child.sendSignal(SIGKILL)
                child.reap()
                return pacer.isCancelled ? .died(.signalled(SIGKILL), diagnostics: diagnostics) : .silent(seconds: watchdog)
            }
            switch message {
            case .result(let task, let finding) where task == index:
                return .result(.period(finding), cpu: 0)
            case .failed(let task, let text) where task == index:
                return .result(.failed(text), cpu: 0)
            case .finished(let task, let cpu) where task == index:
                return .result(.finished, cpu: cpu)
            default:
                continue
            }
        }
    }

    private enum Next {
        case message(WorkerMessage)
        case end
        case quiet
    }

    /// The next protocol message, after merging events and output on the way; or why there
    /// is none: the output ended, or the worker was quiet for the watchdog's time, or the run
    /// was cancelled (a stopped worker is never waited for).
    private func nextMessage() -> Next {
        while true {
            let line: String
            switch child.readLine(within: watchdog, giveUp: { pacer.isCancelled }) {
            case .line(let text): line = text
            case .end: return .end
            case .quiet: return .quiet
            }
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
                return .message(message)
            }
        }
    }

    /// Ends the worker: asks it to quit, merges its last events, and reaps it; terminates it
    /// (SIGTERM, then SIGKILL) if the run was cancelled or it does not go.
    func shutDown() {
        if pacer.isCancelled {
            child.reap(terminatingWithGrace: ProcessPool.terminationGrace)
        } else {
            child.send(WorkerTask.quit.line)
            child.closeInput()
            while case .message = nextMessage() {}
            child.reap(terminatingWithGrace: ProcessPool.terminationGrace)
        }
        if !finished {
            handle.enter(.done)
            finished = true
        }
        pacer.workerFinished(handle.id)
    }
}
