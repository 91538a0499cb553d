/// `threads`: one thread's life, as the course's example prints it: `is_alive()` before
/// `start()` (False), after it (True while the task runs), inside the task (True), and after
/// `join()` (False). Every print is its own step, so in step mode a student can let the thread
/// finish before `main` asks, and see `False` where the course printed `True`.
public struct ThreadLifecycleDemo: Demo {
    public let id = "threads"
    public let title = "Threads and their life: start, is_alive, join"
    public let parameters: [ParameterSpec] = []

    public let measures = ["alive_after_start", "alive_after_join"]
    public let watch = DemoWatch(histogram: "alive_after_start", stepSeconds: 0.6)

    public init() {}

    /// Lets the task ask about its own thread, as Python's task reads the global `thread`.
    private final class ThreadReference: @unchecked Sendable {
        private let lock = PthreadMutex()
        private var thread: OSThread?
        var isAlive: Bool { lock.withLock { thread?.isAlive ?? false } }
        func set(_ newThread: OSThread) { lock.withLock { thread = newThread } }
    }

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let main = context.main
        let reference = ThreadReference()
        let thread = context.makeThread("Thread-1") { worker in
            try worker.checkpoint("print(thread.is_alive())")
            worker.print(python(reference.isAlive))
            try worker.checkpoint("print(\"Thread task executed\")")
            worker.print("Thread task executed")
        }
        reference.set(thread)
        try main.checkpoint("print(thread.is_alive())")
        main.print(python(thread.isAlive))
        try main.checkpoint("thread.start()")
        try thread.start()
        try main.checkpoint("print(thread.is_alive())")
        let aliveAfterStart = thread.isAlive
        main.print(python(aliveAfterStart))
        try main.checkpoint("thread.join()")
        try context.join([thread])
        try main.checkpoint("print(thread.is_alive())")
        main.print(python(thread.isAlive))
        main.print("Thread execution completed")
        main.print(python(thread.isAlive))
        return DemoOutcome(result: "Thread execution completed",
                           values: ["alive_after_start": aliveAfterStart ? 1 : 0, "alive_after_join": thread.isAlive ? 1 : 0])
    }

    private func python(_ value: Bool) -> String { value ? "True" : "False" }
}
