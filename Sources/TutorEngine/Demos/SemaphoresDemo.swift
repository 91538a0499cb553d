/// `semaphores`: N threads share a resource guarded by a POSIX semaphore of limit K; each
/// appends its name to the resource list and records its time inside, and the demo prints the
/// list as Python would: `Resource: ['Thread-1', …]`.
///
/// The course's example never has more than one thread inside, because the work inside is too
/// short; `--hold` adds real work time inside so the limit is reached at full speed too.
public struct SemaphoresDemo: Demo {
    public let id = "semaphores"
    public let title = "Semaphores: at most K threads inside"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("threads", .integer(1...64), default: .integer(10), "number of threads"),
        ParameterSpec("limit", .integer(1...64), default: .integer(3), "semaphore limit K"),
        ParameterSpec("hold", .number(0...10), default: .number(0), "seconds of work inside"),
    ]

    public let measures = ["entered", "max_inside", "longest_inside_seconds"]
    public let watch = DemoWatch(histogram: "max_inside")

    public init() {}

    /// The shared resource and the bookkeeping of who is inside.
    private final class Shared: @unchecked Sendable {
        let semaphore: PosixSemaphore
        let bookkeeping = PthreadMutex()
        var inside = 0
        var resource: [String] = []
        var timeInside: [String: UInt64] = [:]

        init(limit: Int) { semaphore = PosixSemaphore(value: limit) }
    }

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let threads = context.parameters.integer("threads")
        let hold = context.parameters.number("hold")
        let shared = Shared(limit: context.parameters.integer("limit"))
        let semaphoreID = context.recorder.object("semaphore")
        let insideID = context.recorder.object("permits in use")

        var workers: [OSThread] = []
        for index in 1...threads {
            let name = "Thread-\(index)"
            workers.append(try context.spawn(name) { worker in
                try worker.checkpoint("acquire semaphore")
                worker.enter(.waitingSemaphore, semaphoreID)
                shared.semaphore.wait()
                let entered = MonotonicClock.now()
                worker.enter(.holdingSemaphore, semaphoreID)
                worker.mark(.acquire, semaphoreID)
                shared.bookkeeping.withLock {
                    shared.inside += 1
                    worker.count(insideID, shared.inside)
                    shared.resource.append(name)
                }
                defer {
                    shared.bookkeeping.withLock {
                        shared.inside -= 1
                        worker.count(insideID, shared.inside)
                        shared.timeInside[name] = MonotonicClock.now() - entered
                    }
                    worker.mark(.release, semaphoreID)
                    worker.enter(.running)
                    shared.semaphore.post()
                }
                try worker.checkpoint("use the resource")
                if hold > 0 { try worker.pacer.sleep(seconds: hold) }
            })
        }
        try context.join(workers)
        let list = shared.bookkeeping.withLock { shared.resource }
        let line = "Resource: [" + list.map { "'\($0)'" }.joined(separator: ", ") + "]"
        context.main.print(line)
        let times = shared.bookkeeping.withLock { shared.timeInside.values }
        let peak = TraceAnalysis.maxConcurrency(context.recorder.snapshot(), in: [.holdingSemaphore])
        return DemoOutcome(result: line, values: [
            "entered": Double(list.count), "max_inside": Double(peak),
            "longest_inside_seconds": Double(times.max() ?? 0) / 1e9,
        ])
    }

    public func checks(_ recording: Recording, _ outcome: DemoOutcome, _ parameters: ParameterValues) -> [Check] {
        let limit = parameters.integer("limit")
        let threads = parameters.integer("threads")
        let peak = TraceAnalysis.maxConcurrency(recording, in: [.holdingSemaphore])
        return [
            Check("never more than K inside", peak <= limit, "at most \(peak) inside at once, limit \(limit)"),
            Check("every thread got in", Int(outcome.values["entered"] ?? 0) == threads,
                  "\(Int(outcome.values["entered"] ?? 0)) of \(threads)"),
        ]
    }
}
