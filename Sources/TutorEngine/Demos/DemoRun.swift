#if canImport(Glibc)
import Glibc
#endif

/// One run of a demo on its own coordinator thread: start it, watch its recorder, pause or
/// step it through its pacer, cancel it, wait for it.
///
/// However the run ends, every thread it made has been joined before `wait` returns.
public final class DemoRun: @unchecked Sendable {
    /// How a run stands or ended.
    public enum Status: Sendable, Equatable {
        case running
        case completed(DemoOutcome, [Check])
        case cancelled
        case failed(String)
    }

    public let demo: any Demo
    public let parameters: ParameterValues
    public let recorder: Recorder
    public let pacer: Pacer
    private let workerExecutable: String
    private let lock = PthreadMutex()
    private var status = Status.running
    private var cpuNanoseconds: UInt64 = 0
    private var coordinator: OSThread?

    private init(demo: any Demo, parameters: ParameterValues, pacer: Pacer, workerExecutable: String) {
        self.demo = demo
        self.workerExecutable = workerExecutable
        self.parameters = parameters
        self.pacer = pacer
        recorder = Recorder()
    }

    /// Starts `demo` with `parameters`, paced by `mode`; worker processes run `workerExecutable`.
    public static func start(_ demo: any Demo, parameters: ParameterValues, mode: PacerMode,
                             workerExecutable: String = WorkerExecutable.current) throws -> DemoRun {
        let run = DemoRun(demo: demo, parameters: parameters, pacer: Pacer(mode: mode),
                          workerExecutable: workerExecutable)
        let thread = OSThread { [run] in run.coordinate() }
        run.lock.withLock { run.coordinator = thread }
        try thread.start()
        return run
    }

    private func coordinate() {
        let cpuBefore = Self.processCPUTime()
        let context = DemoContext(parameters: parameters, recorder: recorder, pacer: pacer,
                                  workerExecutable: workerExecutable, mainName: demo.coordinatorName)
        let result = Result { try demo.run(context) }
        context.joinAll()
        pacer.runEnded()
        context.main.enter(.done)
        pacer.workerFinished(context.main.id)
        recorder.finish()
        let cpu = Self.processCPUTime() &- cpuBefore
        let final: Status
        switch result {
        case .success(let outcome):
            if let failure = context.workerFailure {
                final = .failed(String(describing: failure))
            } else if pacer.isCancelled {
                final = .cancelled
            } else {
                final = .completed(outcome, demo.checks(recorder.snapshot(), outcome, parameters))
            }
        case .failure(is DemoCancelled):
            final = context.workerFailure.map { .failed(String(describing: $0)) } ?? .cancelled
        case .failure(let error):
            final = .failed(String(describing: error))
        }
        lock.withLock {
            status = final
            cpuNanoseconds = cpu
        }
    }

    public var currentStatus: Status { lock.withLock { status } }

    public var isFinished: Bool { currentStatus != .running }

    /// CPU time the process and its reaped children used during the run, in nanoseconds.
    public var cpuTime: UInt64 { lock.withLock { cpuNanoseconds } }

    /// Cancels the run; `wait()` then returns promptly with nothing left running.
    public func cancel() { pacer.cancel() }

    /// Waits for the run to end and for all its threads to be gone.
    @discardableResult
    public func wait() -> Status {
        lock.withLock { coordinator }?.join()
        return currentStatus
    }

    private static func processCPUTime() -> UInt64 {
        func total(_ who: Int32) -> UInt64 {
            var usage = rusage()
            getrusage(__rusage_who_t(who), &usage)
            let micros = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000
                + Int(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
            return UInt64(max(0, micros)) * 1_000
        }
        return total(RUSAGE_SELF.rawValue) + total(RUSAGE_CHILDREN.rawValue)
    }
}

extension DemoRun.Status {
    /// The run's result in words, as the summary, the app and the trace's metadata say it.
    public var resultText: String {
        switch self {
        case .completed(let outcome, _): outcome.result
        case .cancelled: "cancelled"
        case .failed(let message): "failed: " + message
        case .running: "still running"
        }
    }
}
