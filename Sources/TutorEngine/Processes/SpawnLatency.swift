import Synchronization

/// How long it takes to get a new worker going, for `tutor bench`: the fixed cost that a pool
/// of threads or processes pays before any work, and why tiny tasks do not gain from processes.
public enum SpawnLatency {
    /// Nanoseconds from asking for a new OS thread to that thread running its first line.
    public static func thread() throws -> UInt64 {
        let started = Atomic<UInt64>(0)
        let begin = MonotonicClock.now()
        let thread = OSThread { started.store(MonotonicClock.now(), ordering: .releasing) }
        try thread.start()
        thread.join()
        return started.load(ordering: .acquiring) &- begin
    }

    /// Nanoseconds from spawning `tutor worker` to reading its `hello`: process creation, exec,
    /// the Swift runtime's start-up and one pipe round.
    public static func process(executable: String = WorkerExecutable.current) throws -> UInt64 {
        let begin = MonotonicClock.now()
        let child = try ProcessPool.spawnWorker(executable)
        defer {
            child.send(WorkerTask.quit.line)
            child.closeInput()
            child.reap(terminatingWithGrace: ProcessPool.terminationGrace)
        }
        while let line = child.readLine() {
            if case .hello = WorkerMessage(line: line[...]) { return MonotonicClock.now() &- begin }
        }
        throw EngineError.workerStart("the worker ended before saying hello")
    }
}
