import TutorAstro
#if canImport(Glibc)
import Glibc
#endif
import DequeModule

/// Timings behind the lesson on slow data structures, each the Swift twin of a Python habit:
/// a queue drained from the front of an array (`list.pop(0)`, O(n) a pop) against a `Deque`
/// (`deque.popleft()`, O(1)); membership tests in an array (`x in list`, O(n)) against a `Set`.
/// Compiled with optimisation like the rest of this target, so the figures are not debug ones.
public enum DataStructureTimings {
    /// Seconds to fill and then drain `items` integers from the front of an `Array`.
    public static func arrayQueue(_ items: Int) -> Double {
        var queue = Array(0..<items)
        var sum = 0
        let time = seconds { while !queue.isEmpty { sum &+= queue.removeFirst() } }
        keep(sum)
        return time
    }

    /// Seconds to fill and then drain `items` integers from the front of a `Deque`.
    public static func dequeQueue(_ items: Int) -> Double {
        var queue = Deque(0..<items)
        var sum = 0
        let time = seconds { while let first = queue.popFirst() { sum &+= first } }
        keep(sum)
        return time
    }

    /// Seconds per membership test of a missing value in an `Array` of `items` integers.
    public static func arrayLookup(_ items: Int) -> Double {
        let array = Array(0..<items)
        return lookup(items, lookups: 200) { array.contains($0) }
    }

    /// Seconds per membership test of a missing value in a `Set` of `items` integers.
    public static func setLookup(_ items: Int) -> Double {
        let set = Set(0..<items)
        return lookup(items, lookups: 200_000) { set.contains($0) }
    }

    /// Seconds per call of `contains` for values just past the `items` stored.
    private static func lookup(_ items: Int, lookups: Int, _ contains: (Int) -> Bool) -> Double {
        var found = 0
        let total = seconds { for probe in 0..<lookups where contains(items + probe) { found += 1 } }
        keep(found)
        return total / Double(lookups)
    }

    /// Uses `value` where the optimiser cannot see, so the timed loops are not removed as dead.
    @inline(never) @_optimize(none)
    private static func keep(_ value: Int) {}

    private static func seconds(_ body: () -> Void) -> Double {
        var start = timespec()
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        body()
        clock_gettime(CLOCK_MONOTONIC, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }
}
