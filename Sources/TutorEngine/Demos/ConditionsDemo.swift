import DequeModule

/// `conditions`: a bounded buffer of capacity C shared by P producers and Q consumers, with one
/// pthread mutex and two condition variables (`not full`, `not empty`), every `wait` in a
/// `while` loop as it must be. Items are numbered 1…I; producers share them out, consumers take
/// them until all I are consumed. Records the buffer's fill level and each produce and consume.
public struct ConditionsDemo: Demo {
    public let id = "conditions"
    public let title = "Condition variables: a bounded buffer"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("producers", .integer(1...16), default: .integer(1), "producer threads"),
        ParameterSpec("consumers", .integer(1...16), default: .integer(1), "consumer threads"),
        ParameterSpec("capacity", .integer(1...100), default: .integer(5), "buffer capacity"),
        ParameterSpec("items", .integer(1...100_000), default: .integer(20), "items to produce"),
    ]

    public let measures = ["consumed", "items", "producer_waits"]
    public let watch = DemoWatch(histogram: "producer_waits", stepSeconds: 0.25)

    public init() {}

    /// The buffer and what the workers know about it, all guarded by `lock`.
    private final class Buffer: @unchecked Sendable {
        let lock = PthreadMutex()
        let notFull = PthreadCondition()
        let notEmpty = PthreadCondition()
        var items = Deque<Int>()
        var consumed = 0
    }

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let producers = context.parameters.integer("producers")
        let consumers = context.parameters.integer("consumers")
        let capacity = context.parameters.integer("capacity")
        let total = context.parameters.integer("items")
        let buffer = Buffer()
        let ids = (
            lock: context.recorder.object("buffer_lock"),
            notFull: context.recorder.object("not_full"),
            notEmpty: context.recorder.object("not_empty"),
            fill: context.recorder.object("buffer")
        )
        context.pacer.onCancel {
            buffer.lock.withLock {
                buffer.notFull.broadcast()
                buffer.notEmpty.broadcast()
            }
        }

        /// Waits on `condition` until `blocked` is false; the lock is held on entry and exit.
        @Sendable func wait(_ worker: Worker, _ condition: PthreadCondition, _ object: ObjectID,
                            while blocked: () -> Bool) throws {
            while blocked() {
                if worker.isCancelled { throw DemoCancelled() }
                worker.enter(.waitingCondition, object)
                condition.wait(buffer.lock)
                worker.enter(.holdingLock, ids.lock)
                worker.mark(.wake, object)
            }
        }

        var workers: [OSThread] = []
        for index in 0..<producers {
            let name = "Producer-\(index + 1)"
            workers.append(try context.spawn(name) { worker in
                for item in stride(from: index + 1, through: total, by: producers) {
                    try worker.checkpoint("produce Item \(item)")
                    try worker.holding(buffer.lock, ids.lock) {
                        try wait(worker, buffer.notFull, ids.notFull) { buffer.items.count >= capacity }
                        buffer.items.append(item)
                        worker.mark(.produce, ids.fill, value: item)
                        worker.count(ids.fill, buffer.items.count)
                        buffer.notEmpty.signal()
                        worker.mark(.notify, ids.notEmpty)
                    }
                    worker.print("\(name) produced Item \(item)")
                }
            })
        }
        for index in 0..<consumers {
            let name = "Consumer-\(index + 1)"
            workers.append(try context.spawn(name) { worker in
                while true {
                    try worker.checkpoint("consume an item")
                    let item: Int? = try worker.holding(buffer.lock, ids.lock) {
                        try wait(worker, buffer.notEmpty, ids.notEmpty) {
                            buffer.items.isEmpty && buffer.consumed < total
                        }
                        guard let item = buffer.items.popFirst() else { return nil }
                        buffer.consumed += 1
                        worker.mark(.consume, ids.fill, value: item)
                        worker.count(ids.fill, buffer.items.count)
                        buffer.notFull.signal()
                        worker.mark(.notify, ids.notFull)
                        if buffer.consumed == total {
                            // Nothing more will come: wake the other consumers so they can stop.
                            buffer.notEmpty.broadcast()
                            worker.mark(.notify, ids.notEmpty)
                        }
                        return item
                    }
                    guard let item else { return }
                    worker.print("\(name) consumed Item \(item)")
                }
            })
        }
        try context.join(workers)
        let consumed = buffer.lock.withLock { buffer.consumed }
        context.main.print("All \(consumed) items consumed")
        // How often a producer found the buffer full and waited: what the schedule decides,
        // so it is what a histogram of repeated runs shows (every run consumes all items).
        let recording = context.recorder.snapshot()
        let fullWaits = recording.tracks.filter { $0.info.name.hasPrefix("Producer-") }.reduce(0) { total, track in
            total + track.slices(until: recording.end).filter { $0.state == .waitingCondition }.count
        }
        return DemoOutcome(result: "\(consumed) of \(total) items consumed; producers waited for room \(fullWaits) time\(fullWaits == 1 ? "" : "s")",
                           values: ["consumed": Double(consumed), "items": Double(total), "producer_waits": Double(fullWaits)])
    }

    public func checks(_ recording: Recording, _ outcome: DemoOutcome, _ parameters: ParameterValues) -> [Check] {
        let produced = TraceAnalysis.instants(recording, .produce).map(\.event.value)
        let consumed = TraceAnalysis.instants(recording, .consume).map(\.event.value)
        let fills = TraceAnalysis.counterValues(recording, "buffer").map(\.value)
        let capacity = Int64(parameters.integer("capacity"))
        let exactlyOnce = produced.sorted() == consumed.sorted() && Set(consumed).count == consumed.count
        let inBounds = fills.allSatisfy { (0...capacity).contains($0) }
        return [
            Check("every item consumed exactly once", exactlyOnce,
                  "\(produced.count) produced, \(consumed.count) consumed, \(Set(consumed).count) distinct"),
            Check("fill stays within 0…C", inBounds,
                  "fill ranged \(fills.min() ?? 0)…\(fills.max() ?? 0), capacity \(capacity)"),
        ]
    }
}
