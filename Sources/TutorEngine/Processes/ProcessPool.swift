#if canImport(Glibc)
import Glibc
#endif
import TutorAstro

/// A pool of real worker processes, like Python's `multiprocessing.Pool`: each worker is the
/// `tutor` executable re-run as `tutor worker`, fed tasks over a pipe.
///
/// One proxy thread per worker feeds it and reads what it reports; the proxy is the single
/// writer of the worker's lane, into which it merges the events the worker recorded itself
/// (same `CLOCK_MONOTONIC`, real pid and tid). Before each task the proxy passes a pacer
/// checkpoint, so the pool can be slowed, paused and stepped worker by worker. Results are
/// delivered as they complete. A worker that dies mid-task gets that task reported as failed
/// with the reason, and a fresh worker takes its place. On cancel every worker gets SIGTERM,
/// then SIGKILL after a grace period, and all are reaped before `run` returns.
final class ProcessPool: @unchecked Sendable {
    /// How tasks go to workers: from one shared queue as workers free up (`imap_unordered`),
    /// or each worker its own list of tasks, in order.
    enum Assignment {
        case shared
        case slots([[Int]])

        /// Task i to worker i: one `Process` per task.
        static func oneEach(_ count: Int) -> Assignment { .slots((0..<count).map { [$0] }) }
    }

    /// What came of one task, and which worker process did it.
    struct TaskResult: Sendable, Equatable {
        enum Outcome: Sendable, Equatable {
            case period(PeriodFinding)
            case finished
            case failed(String)
        }

        var task: Int
        var outcome: Outcome
        var pid: Int32
        /// The CPU time the worker spent on the task, in nanoseconds, by its own thread's
        /// clock (sleep and spin tasks; 0 otherwise).
        var cpu: UInt64 = 0
    }

    static let terminationGrace = 0.5
    private let watchdog: Double

    private let context: DemoContext
    /// What every worker is started with after `worker` (a period search's grid).
    private let workerArguments: [String]
    private let tasks: [WorkerTask]
    private let assignment: Assignment
    private let onResult: @Sendable (TaskResult) -> Void
    /// A worker's lane name from the order it was started in (1 first; a replacement gets
    /// the next number) and the slot it works for.
    private let workerName: @Sendable (_ number: Int, _ slot: Int) -> String
    private let lock = PthreadMutex()
    private var nextTask = 0
    private var taken: Set<Int> = []
    /// How far each slot is along its list (`.slots`).
    private var slotProgress: [Int: Int] = [:]
    /// Called by a proxy with a task's index before it hands the task over: where a demo holds
    /// a task back until its turn (`RoundGate`).
    private let beforeTask: @Sendable (Int) throws -> Void
    private var results: [TaskResult] = []
    private var children: [ChildProcess] = []
    private var spawned = 0
    /// Slots whose worker could not be started (or restarted).
    private var shortfall = 0

    init(context: DemoContext, tasks: [WorkerTask], assignment: Assignment, workerArguments: [String] = [], workerName: @escaping @Sendable (_ number: Int, _ slot: Int) -> String = { number, _ in "Worker-\(number)" },
         watchdog: Double = WorkerWatchdog.defaultSeconds, beforeTask: @escaping @Sendable (Int) throws -> Void = { _ in },
         onResult: @escaping @Sendable (TaskResult) -> Void) {
        self.watchdog = watchdog
        self.beforeTask = beforeTask
        self.workerName = workerName
        self.context = context
        self.workerArguments = workerArguments
        self.tasks = tasks
        self.assignment = assignment
        self.onResult = onResult
    }

    /// Runs every task on `workers` processes and returns the results in completion order.
    ///
    /// A worker that cannot be started (a low `ulimit -u`, a full process table) leaves its
    /// tasks to the others, and `onShortfall` says so; tasks no worker could take fail with
    /// the reason, so nothing is silently left out.
    /// - Throws: `DemoCancelled` if cancelled; an `EngineError` if no worker could be started.
    func run(workers: Int, onShortfall: @Sendable (String) -> Void = { _ in }) throws -> [TaskResult] {
        // Weakly: the pacer keeps its hooks as long as it lives, and the pool holds the
        // context that holds the pacer (a cycle that leaked every pool run outside a demo).
        context.pacer.onCancel { [weak self] in
            guard let self else { return }
            // SIGCONT too: a stopped worker would hold SIGTERM until it runs again.
            for child in lock.withLock({ children }) {
                child.sendSignal(SIGTERM)
                child.sendSignal(SIGCONT)
            }
        }
        let failure = FirstError()
        let proxies = (0..<workers).map { slot in
            OSThread { [self] in
                do { try feed(slot: slot) } catch { failure.keep(error) }
            }
        }
        var started: [OSThread] = []
        for proxy in proxies {
            do { try proxy.start() } catch { failure.keep(error); break }
            started.append(proxy)
        }
        for proxy in started { proxy.join() }
        if context.pacer.isCancelled { throw DemoCancelled() }
        let (results, untaken, short): ([TaskResult], [Int], Int) = lock.withLock { (self.results, untakenTasks(), shortfall) }
        guard let error = failure.error else { return results }
        if results.isEmpty { throw error }
        let ran = started.count - short
        onShortfall("\(ran) of \(workers) worker process\(workers == 1 ? "" : "es") kept going, the rest did not start: \(error)")
        for index in untaken {
            deliver(TaskResult(task: index, outcome: .failed("not done: no worker process could take it (\(error))"), pid: 0))
        }
        return lock.withLock { self.results }
    }

    /// The tasks no worker took (call with the lock held).
    private func untakenTasks() -> [Int] {
        switch assignment {
        case .shared: Array(nextTask..<tasks.count)
        case .slots: tasks.indices.filter { !taken.contains($0) }
        }
    }

    /// One proxy: starts a worker and feeds it tasks until none are left.
    private func feed(slot: Int) throws {
        var worker: RemoteWorker?
        defer { worker?.shutDown() }
        while true {
            if worker == nil {
                do {
                    worker = try startWorker(slot: slot)
                } catch let error as EngineError {
                    // This slot ends; the other workers take its tasks.
                    lock.withLock { shortfall += 1 }
                    throw error
                }
            }
            guard let current = worker else { return }
            try current.handle.checkpoint("take the next task")
            guard let index = take(slot: slot) else { return }
            try beforeTask(index)
            let task = tasks[index]
            current.child.send(task.line)
            switch current.awaitEnd(of: index) {
            case .result(let outcome, let cpu):
                deliver(TaskResult(task: index, outcome: outcome, pid: current.child.pid, cpu: cpu))
            case .died(let termination, let diagnostics):
                if context.pacer.isCancelled { throw DemoCancelled() }
                var reason = "worker process \(current.child.pid) \(termination) during this task"
                if let last = diagnostics.last { reason += " (\(last))" }
                deliver(TaskResult(task: index, outcome: .failed(reason), pid: current.child.pid))
                current.shutDown()
                worker = nil
            case .silent(let seconds):
                if context.pacer.isCancelled { throw DemoCancelled() }
                let reason = "no word from worker process \(current.child.pid) for \(DurationText.seconds(UInt64(seconds * 1e9))) "
                    + "(stopped, or stuck?): it was killed and replaced; if a file really takes longer, raise tutor periods --watchdog"
                deliver(TaskResult(task: index, outcome: .failed(reason), pid: current.child.pid))
                current.shutDown()
                worker = nil
            }
        }
    }

    private func take(slot: Int) -> Int? {
        lock.withLock {
            switch assignment {
            case .shared:
                guard nextTask < tasks.count else { return nil }
                defer { nextTask += 1 }
                return nextTask
            case .slots(let lists):
                let position = slotProgress[slot, default: 0]
                guard lists.indices.contains(slot), position < lists[slot].count else { return nil }
                slotProgress[slot] = position + 1
                taken.insert(lists[slot][position])
                return lists[slot][position]
            }
        }
    }

    private func deliver(_ result: TaskResult) {
        lock.withLock { results.append(result) }
        onResult(result)
    }

    /// Starts `tutor worker` with `arguments`, as a child that dies with this process.
    static func spawnWorker(_ executable: String, arguments: [String] = []) throws -> ChildProcess {
        try ChildProcess.spawn(executable, ["worker"] + arguments, environment: [
            WorkerMain.parentVariable: "\(getpid())",
            "SWIFT_BACKTRACE": "enable=no",
        ], argumentZero: executable == WorkerExecutable.current ? WorkerExecutable.realPath : nil)
    }

    private func startWorker(slot: Int) throws -> RemoteWorker {
        let number = lock.withLock { spawned += 1; return spawned }
        let child = try Self.spawnWorker(context.workerExecutable, arguments: workerArguments)
        lock.withLock { children.append(child) }
        let (id, lane) = context.recorder.addWorker(name: workerName(number, slot), kind: .process, pid: child.pid)
        let handle = Worker(id: id, lane: lane, recorder: context.recorder, pacer: context.pacer)
        let worker = RemoteWorker(child: child, handle: handle, recorder: context.recorder, pacer: context.pacer, watchdog: watchdog)
        guard case .hello(_, let tid) = worker.awaitHello() else {
            let reason = worker.diagnostics.last ?? "it \(child.reap(terminatingWithGrace: Self.terminationGrace))"
            worker.shutDown()
            if context.pacer.isCancelled { throw DemoCancelled() }
            throw EngineError.workerStart(reason)
        }
        context.recorder.setThreadID(tid, of: id)
        return worker
    }
}

/// The first error any proxy thread hit.
private final class FirstError: @unchecked Sendable {
    private let lock = PthreadMutex()
    private var first: Error?

    func keep(_ error: Error) { lock.withLock { if first == nil, !(error is DemoCancelled) { first = error } } }
    var error: Error? { lock.withLock { first } }
}
