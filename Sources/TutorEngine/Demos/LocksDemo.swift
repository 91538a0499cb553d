import Synchronization

/// `locks`: N threads each add 1 to a shared counter M times, under a pthread mutex, and print
/// `Counter: <n>`.
///
/// With `--no-lock` the increment is a separate read and write (an atomic load, then an atomic
/// store): a race condition that loses updates at full speed, yet no undefined behaviour, so it
/// runs clean under ThreadSanitizer. Each read and write is its own visible step, so in step mode
/// a student can let two threads read the same value and write the same result by hand.
public struct LocksDemo: Demo {
    public let id = "locks"
    public let title = "Locks: a shared counter with and without a mutex"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("threads", .integer(1...64), default: .integer(10), "number of threads"),
        ParameterSpec("increments", .integer(1...1_000_000), default: .integer(1), "increments per thread"),
        ParameterSpec("no-lock", .flag, default: .flag(false), "increment without the lock"),
    ]

    public let measures = ["counter", "expected", "lost"]
    public let watch = DemoWatch(lostWrites: "counter", expected: "expected", histogram: "counter", stepSeconds: 0.4)

    public init() {}

    /// The counter every thread increments.
    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
        let lock = PthreadMutex()
    }

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let threads = context.parameters.integer("threads")
        let increments = context.parameters.integer("increments")
        let useLock = !context.parameters.flag("no-lock")
        let counter = Counter()
        let counterID = context.recorder.object("counter")
        let lockID = context.recorder.object("counter_lock")
        // The counter's first value is on the record too, so step mode can say what a read
        // will see before anyone has written.
        context.main.count(counterID, 0)

        @Sendable func increment(_ worker: Worker) throws {
            try worker.checkpoint("read counter")
            let seen = counter.value.load(ordering: .relaxed)
            worker.mark(.read, counterID, value: Int(seen))
            try worker.checkpoint("write counter = \(seen + 1)")
            counter.value.store(seen + 1, ordering: .relaxed)
            worker.mark(.write, counterID, value: Int(seen + 1))
            worker.count(counterID, seen + 1)
        }

        var workers: [OSThread] = []
        for index in 1...threads {
            workers.append(try context.spawn("Thread-\(index)") { worker in
                for _ in 0..<increments {
                    if useLock {
                        try worker.checkpoint("acquire counter_lock")
                        try worker.holding(counter.lock, lockID) { try increment(worker) }
                    } else {
                        try increment(worker)
                    }
                }
            })
        }
        try context.join(workers)
        let final = counter.value.load(ordering: .relaxed)
        context.main.print("Counter: \(final)")
        let expected = threads * increments
        return DemoOutcome(result: "Counter: \(final)", values: [
            "counter": Double(final), "expected": Double(expected), "lost": Double(expected - final),
        ])
    }

    public func checks(_ recording: Recording, _ outcome: DemoOutcome, _ parameters: ParameterValues) -> [Check] {
        let expected = Int(outcome.values["expected"] ?? 0)
        let counter = Int(outcome.values["counter"] ?? 0)
        guard !parameters.flag("no-lock") else {
            let lost = expected - counter
            return [Check("lost updates without the lock", true,
                          lost == 0 ? "none this run (\(counter) of \(expected)); try more increments"
                                    : "\(lost) of \(expected) increments lost")]
        }
        let holders = TraceAnalysis.maxConcurrency(recording, in: [.holdingLock])
        return [
            Check("counter exact with the lock", counter == expected, "\(counter) == \(expected)"),
            Check("one holder at a time", holders <= 1, "at most \(holders) thread(s) held counter_lock at once"
                  + (recording.droppedEvents > 0 ? " in the part recorded (\(recording.droppedEvents) events past the memory budget were not)" : "")),
        ]
    }
}
