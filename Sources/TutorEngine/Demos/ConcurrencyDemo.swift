import Foundation

/// `concurrency`: N threads that each sleep S seconds for real, printing `Task i started` and
/// `Task i completed`: the course's example of concurrency. Sleeping needs no CPU, so all N
/// finish after about S seconds, whatever the number of cores.
public struct ConcurrencyDemo: Demo {
    public let id = "concurrency"
    public let title = "Concurrency: sleeping tasks on threads"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("tasks", .integer(1...64), default: .integer(5), "number of tasks (threads)"),
        ParameterSpec("seconds", .number(0...60), default: .number(2), "seconds each task sleeps"),
    ]

    public let measures = ["wall_seconds", "serial_seconds", "asleep_at_once"]
    public let watch = DemoWatch(histogram: "wall_seconds")

    public init() {}

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let tasks = context.parameters.integer("tasks")
        let seconds = context.parameters.number("seconds")
        let started = MonotonicClock.now()
        var workers: [OSThread] = []
        for index in 0..<tasks {
            workers.append(try context.spawn("Task-\(index)") { worker in
                try worker.checkpoint("start task \(index)")
                worker.print("Task \(index) started")
                try worker.sleep(seconds: seconds)
                worker.print("Task \(index) completed")
            })
        }
        try context.join(workers)
        context.main.print("All tasks completed")
        let wall = Double(MonotonicClock.now() - started) / 1e9
        let asleep = TraceAnalysis.maxConcurrency(context.recorder.snapshot(), in: [.sleeping])
        return DemoOutcome(
            result: "All tasks completed in \(String(format: "%.2f", wall)) s, up to \(asleep) of \(tasks) asleep at once",
            values: ["wall_seconds": wall, "serial_seconds": seconds * Double(tasks), "asleep_at_once": Double(asleep)])
    }
}
