#if canImport(Glibc)
import Glibc
#endif

/// What a running demo gets: its parameters, the recorder, the pacer, and real threads.
///
/// The thread that calls `run` is recorded as the worker `main`, as in the Python example.
/// Every thread made here is joined before the run ends, cancelled or not.
public final class DemoContext: @unchecked Sendable {
    public let parameters: ParameterValues
    public let recorder: Recorder
    public let pacer: Pacer
    /// The `tutor` executable that worker processes run.
    public let workerExecutable: String
    /// The worker of the thread that runs the demo, recorded as `main` (or, for a demo that
    /// wants no lane of its own, recorded nowhere).
    public let main: Worker
    private let lock = PthreadMutex()
    private var threads: [OSThread] = []
    private var failure: Error?

    /// Must be called on the thread that will call the demo's `run`.
    init(parameters: ParameterValues, recorder: Recorder, pacer: Pacer, workerExecutable: String,
         mainName: String? = "main") {
        self.parameters = parameters
        self.workerExecutable = workerExecutable
        self.recorder = recorder
        self.pacer = pacer
        if let mainName {
            main = Self.addWorker(mainName, recorder, pacer)
            recorder.setThreadID(MonotonicClock.currentThreadID(), of: main.id)
            main.enter(.running)
        } else {
            main = Worker(id: -1, lane: Lane(), recorder: recorder, pacer: pacer)
        }
    }

    private static func addWorker(_ name: String, _ recorder: Recorder, _ pacer: Pacer) -> Worker {
        let (id, lane) = recorder.addWorker(name: name)
        return Worker(id: id, lane: lane, recorder: recorder, pacer: pacer)
    }

    /// Makes a thread that will run `body` as a worker called `name`; call `start()` on it.
    ///
    /// The worker records `initialState` when the body begins (a GIL thread starts out waiting
    /// for the GIL) and `done` when it ends. A body that throws `DemoCancelled` just ends; any
    /// other error fails the run.
    public func makeThread(_ name: String, initialState: WorkerState = .running,
                           _ body: @escaping @Sendable (Worker) throws -> Void) -> OSThread {
        let worker = Self.addWorker(name, recorder, pacer)
        let thread = OSThread({ [self] in
            recorder.setThreadID(MonotonicClock.currentThreadID(), of: worker.id)
            worker.enter(initialState)
            do {
                try body(worker)
            } catch is DemoCancelled {
            } catch {
                fail(error)
            }
            worker.enter(.done)
        }, whenFinished: { [pacer] in pacer.workerFinished(worker.id) })
        lock.withLock { threads.append(thread) }
        return thread
    }

    /// Makes and starts a worker thread.
    @discardableResult
    public func spawn(_ name: String, initialState: WorkerState = .running,
                      _ body: @escaping @Sendable (Worker) throws -> Void) throws -> OSThread {
        let thread = makeThread(name, initialState: initialState, body)
        try thread.start()
        return thread
    }

    /// Waits for `threads`, recording `main` as idle meanwhile (Python's `join`).
    /// - Throws: `DemoCancelled` if the run was cancelled meanwhile, so `main` reports no result.
    public func join(_ threads: [OSThread]) throws {
        main.enter(.idle)
        for thread in threads { thread.join() }
        main.enter(.running)
        if pacer.isCancelled { throw DemoCancelled() }
    }

    /// Joins every thread made here and lets go of them (a thread never started still holds
    /// its body, which holds this context); the run calls this however `run` ended.
    func joinAll() {
        let all = lock.withLock {
            defer { threads.removeAll() }
            return threads
        }
        for thread in all {
            thread.join()
            thread.discardIfNeverStarted()
        }
    }

    private func fail(_ error: Error) {
        lock.withLock { if failure == nil { failure = error } }
        pacer.cancel()
    }

    /// The first error a worker thread failed with, if any.
    var workerFailure: Error? { lock.withLock { failure } }
}
