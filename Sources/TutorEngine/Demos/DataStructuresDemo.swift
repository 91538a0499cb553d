import Foundation
import TutorAstro
import TutorWorkloads

/// `data-structures`: the lesson the course lists but never wrote, measured. A queue drained
/// from the front of an array (Python's `list.pop(0)`) against a double-ended queue
/// (`deque.popleft()`), and membership tests in an array (`x in list`) against a set. The
/// timings are of Swift's own Array, Deque and Set, natively, and are labelled so: the
/// lesson is the ratio, which Python's structures show alike.
public struct DataStructuresDemo: Demo {
    public let id = "data-structures"
    public let title = "Slow and fast data structures, measured"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("items", .integer(1_000...2_000_000), default: .integer(20_000), "items in each structure"),
    ]

    public let measures = ["list_pop_seconds", "deque_pop_seconds", "pop_ratio", "list_lookup_seconds", "set_lookup_seconds", "lookup_ratio"]
    public let watch = DemoWatch(histogram: "pop_ratio")

    public init() {}

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let items = context.parameters.integer("items")
        let main = context.main

        var seconds: [Double] = []
        for (step, label, measure) in Self.measurements {
            try main.checkpoint(step)
            guard let measured = measure(items, { main.isCancelled }) else { throw DemoCancelled() }
            seconds.append(measured)
            main.print(label(items) + DurationText.format(seconds: seconds[seconds.count - 1]))
        }
        let (listPop, dequePop, listLookup, setLookup) = (seconds[0], seconds[1], seconds[2], seconds[3])
        let popRatio = listPop / max(dequePop, 1e-9)
        let lookupRatio = listLookup / max(setLookup, 1e-12)
        let result = String(format: "deque %.0fx faster than list.pop(0); set %.0fx faster than list lookup "
                            + "(Swift's Array, Deque and Set doing what Python's list, deque and set do)", popRatio, lookupRatio)
        main.print(result)
        return DemoOutcome(result: result, values: [
            "list_pop_seconds": listPop, "deque_pop_seconds": dequePop, "pop_ratio": popRatio,
            "list_lookup_seconds": listLookup, "set_lookup_seconds": setLookup, "lookup_ratio": lookupRatio,
        ])
    }

    /// Each measurement: the visible step, the printed label, and the timing itself.
    /// A cancelled run's timing gives nil, asked through the closure it is given.
    static let measurements: [(String, @Sendable (Int) -> String, @Sendable (Int, () -> Bool) -> Double?)] = [
        ("drain a list from the front", { "Array.removeFirst() x \($0) (list.pop(0)):       " }, { DataStructureTimings.arrayQueue($0, stop: $1) }),
        ("drain a deque from the front", { "Deque.popFirst() x \($0) (deque.popleft()):      " }, { DataStructureTimings.dequeQueue($0, stop: $1) }),
        ("look up in a list", { "Array.contains, per lookup in \($0) (x in list): " }, { DataStructureTimings.arrayLookup($0, stop: $1) }),
        ("look up in a set", { "Set.contains, per lookup in \($0) (x in set):    " }, { DataStructureTimings.setLookup($0, stop: $1) }),
    ]
}
