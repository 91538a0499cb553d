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

    public let measures = ["wall_seconds", "serial_seconds", "cores_used", "running_at_once", "failed", "busy"]
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
        let pool = ProcessPool(context: context, tasks: tasks, assignment: .oneEach(count),
                               workerName: { number, _ in "Process-\(number)" }) { _ in }
        context.main.enter(.idle)
        let results = try pool.run(workers: count)
        context.main.enter(.running)
        context.main.print("All tasks completed")
        let failed = results.filter { $0.outcome != .finished }.count
        let recording = context.recorder.snapshot()
        let work = WorkMeasure.of(recording, cpuNanoseconds: results.reduce(0) { $0 + $1.cpu }) { $0.info.kind == .process }
        // From the first task starting to the last one ending: neither the processes' launch
        // nor tutor's pace before each task is the tasks' time.
        let wall = work.wall
        // One after another, the run would take at least what each task measured of its
        // own work: its CPU time when it computes, its time asleep when it sleeps.
        let serial = computes ? work.cpu : Self.asleep(recording)
        var result = "All tasks completed in \(String(format: "%.2f", wall)) s from the first start to the last end (one after another: at least "
            + "\(String(format: "%.2f", serial)) s, the tasks' own \(computes ? "CPU" : "sleeping") time"
            + (computes ? String(format: "; cores used %.2f", work.cpu / wall) : "") + ")"
        var caution: String?
        if computes, work.wasCrowded {
            caution = "\(work.crowdedText), so the wall time is not judged; run again when it is quieter"
            result += " [not a speed: \(work.crowdedText)]"
        }
        return DemoOutcome(
            result: result,
            values: ["wall_seconds": wall, "serial_seconds": serial, "cores_used": wall > 0 ? work.cpu / wall : 0,
                     "running_at_once": Double(work.atOnce), "failed": Double(failed), "busy": caution == nil ? 0 : 1],
            unreliable: caution == nil ? [] : ["wall_seconds", "cores_used", "running_at_once"], caution: caution)
    }

    /// The seconds the tasks spent asleep, summed, as their own lanes recorded it.
    static func asleep(_ recording: Recording) -> Double {
        var total: UInt64 = 0
        for track in recording.tracks where track.info.kind == .process {
            track.forEachSlice(until: recording.end) { if $0.state == .sleeping { total += $0.duration } }
        }
        return Double(total) / 1e9
    }

    /// How many work units take about `seconds` of one core's CPU time here, measured briefly
    /// in this process by its own CPU clock (a wall-clock sample would count the time other
    /// programs held the core).
    static func units(forSeconds seconds: Double) -> Int {
        let start = MonotonicClock.currentThreadCPUTime()
        var done = 0
        while MonotonicClock.currentThreadCPUTime() - start < 50_000_000 {
            _ = CPUWork.unit()
            done += 1
        }
        let perSecond = Double(done) / (Double(MonotonicClock.currentThreadCPUTime() - start) / 1e9)
        return max(1, Int(perSecond * seconds))
    }
}
