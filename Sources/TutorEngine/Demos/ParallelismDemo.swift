import Foundation
import TutorAstro
import TutorWorkloads

/// `parallelism`: the course's five tasks, each run as its own worker process (Python's
/// `multiprocessing.Process`), printing `Task i started` and `Task i completed`. With
/// `--work sleep` (the course's example) they take about S seconds in all, exactly as the threads
/// of `concurrency` do: sleeping tasks do not show processes winning. With `--work cpu` each task
/// does about S seconds of computation instead, which processes can spread over the cores.
public struct ParallelismDemo: Demo {
    public let id = "parallelism"
    public let title = "Parallelism: the same tasks as separate processes"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("tasks", .integer(1...32), default: .integer(5), "number of tasks (processes)"),
        ParameterSpec("seconds", .number(0...60), default: .number(2), "seconds each task sleeps or computes"),
        ParameterSpec("work", .choice(["sleep", "cpu"]), default: .choice("sleep"), "what each task does"),
    ]

    public let measures = ["wall_seconds", "serial_seconds", "failed"]
    public let watch = DemoWatch(histogram: "wall_seconds")

    public init() {}

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let count = context.parameters.integer("tasks")
        let seconds = context.parameters.number("seconds")
        let computes = context.parameters.choice("work") == "cpu"
        let units = computes ? Self.units(forSeconds: seconds) : 0
        let tasks = (0..<count).map { index in
            computes ? WorkerTask.spin(task: index, units: units, announce: true)
                     : WorkerTask.sleep(task: index, seconds: seconds)
        }
        let start = MonotonicClock.now()
        let pool = ProcessPool(context: context, tasks: tasks, assignment: .oneEach,
                               workerName: { "Process-\($0)" }) { _ in }
        context.main.enter(.idle)
        let results = try pool.run(workers: count)
        context.main.enter(.running)
        let wall = Double(MonotonicClock.now() - start) / 1e9
        context.main.print("All tasks completed")
        let failed = results.filter { $0.outcome != .finished }.count
        return DemoOutcome(
            result: "All tasks completed in \(String(format: "%.2f", wall)) s (one after another: \(String(format: "%.2f", seconds * Double(count))) s)",
            values: ["wall_seconds": wall, "serial_seconds": seconds * Double(count), "failed": Double(failed)])
    }

    /// How many work units take about `seconds` on one core here, measured briefly in this process.
    static func units(forSeconds seconds: Double) -> Int {
        let start = MonotonicClock.now()
        var done = 0
        while MonotonicClock.now() - start < 50_000_000 {
            _ = CPUWork.unit()
            done += 1
        }
        let perSecond = Double(done) / (Double(MonotonicClock.now() - start) / 1e9)
        return max(1, Int(perSecond * seconds))
    }
}
