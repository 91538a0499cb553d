import TutorAstro
#if canImport(Glibc)
import Glibc
#endif
import DequeModule

/// Timings behind the lesson on slow data structures, each the Swift twin of a Python habit:
/// a queue drained from the front of an array (`list.pop(0)`, O(n) a pop) against a `Deque`
/// (`deque.popleft()`, O(1)); membership tests in an array (`x in list`, O(n)) against a `Set`.
/// Compiled with optimisation like the rest of this target, so the figures are not debug ones.
///
/// The slow ones are slow on purpose (draining 2,000,000 items from the front of an array
/// takes hours), so every timing asks `stop` now and then and gives up, returning nil, as
/// soon as it says so: a cancelled run ends at once.
public enum DataStructureTimings {
    /// How many steps of a timed loop run between two questions to `stop`.
    static let stride = 64

    /// Seconds to fill and then drain `items` integers from the front of an `Array`.
    public static func arrayQueue(_ items: Int, stop: () -> Bool) -> Double? {
        var queue = Array(0..<items)
        var sum = 0
        let time = seconds {
            while !queue.isEmpty {
                if queue.count % stride == 0, stop() { return false }
                sum &+= queue.removeFirst()
            }
            return true
        }
        keep(sum)
        return time
    }

    /// Seconds to fill and then drain `items` integers from the front of a `Deque`.
    public static func dequeQueue(_ items: Int, stop: () -> Bool) -> Double? {
        var queue = Deque(0..<items)
        var sum = 0
        let time = seconds {
            while let first = queue.popFirst() {
                if queue.count % (stride * 1024) == 0, stop() { return false }
                sum &+= first
            }
            return true
        }
        keep(sum)
        return time
    }

    /// Seconds per membership test of a missing value in an `Array` of `items` integers.
    public static func arrayLookup(_ items: Int, stop: () -> Bool) -> Double? {
        let array = Array(0..<items)
        return lookup(items, lookups: 200, every: 1, stop: stop) { array.contains($0) }
    }

    /// Seconds per membership test of a missing value in a `Set` of `items` integers.
    public static func setLookup(_ items: Int, stop: () -> Bool) -> Double? {
        let set = Set(0..<items)
        return lookup(items, lookups: 200_000, every: stride * 1024, stop: stop) { set.contains($0) }
    }

    /// Seconds per call of `contains` for values just past the `items` stored.
    private static func lookup(_ items: Int, lookups: Int, every: Int, stop: () -> Bool, _ contains: (Int) -> Bool) -> Double? {
        var found = 0
        let total = seconds {
            for probe in 0..<lookups {
                if probe % every == 0, stop() { return false }
                if contains(items + probe) { found += 1 }
            }
            return true
        }
        keep(found)
        return total.map { $0 / Double(lookups) }
    }

    /// Uses `value` where the optimiser cannot see, so the timed loops are not removed as dead.
    @inline(never) @_optimize(none)
    private static func keep(_ value: Int) {}

    /// How long `body` took, or nil if it stopped before the end (returned false).
    private static func seconds(_ body: () -> Bool) -> Double? {
        var start = timespec()
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        guard body() else { return nil }
        clock_gettime(CLOCK_MONOTONIC, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }
}
