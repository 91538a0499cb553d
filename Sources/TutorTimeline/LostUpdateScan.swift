import TutorEngine

/// Spots the lesson of the locks demo as it happens: a thread writing a value of a shared
/// counter that had already been written, because it read the counter before another
/// thread's write. Which counter is the demo's to declare (`DemoWatch.lostWrites`).
///
/// Keeps each value's earliest write, the latest write of a value already written (the lost
/// update shown), and the latest write of all (the counter's value now). So writes can be
/// taken in as they are published, in any order across workers, and the answer is the one a
/// sort of all writes by time (then by worker) would give.
struct LostUpdateScan: Sendable {
    private typealias Write = (time: UInt64, writer: Int)
    /// The counter's name, for the message.
    private let name: String
    private var earliest: [Int64: Write] = [:]
    private var taken: [Int] = []
    private var writes = 0
    /// The lowest value written: the counter's first value (the demo's own `counter = 0`, or
    /// the first increment's 1 when the start is not on record).
    private var lowest: Int64?
    private var latestWrite: (write: Write, value: Int64)?
    private var latestLost: (write: Write, earlier: Int, value: Int64)?

    init(name: String) {
        self.name = name
    }

    /// Takes in the writes each worker's digest holds beyond those already taken.
    mutating func consume(_ digests: [TrackDigest]) {
        if taken.count < digests.count { taken += Array(repeating: 0, count: digests.count - taken.count) }
        for (writer, digest) in digests.enumerated() {
            for write in digest.writes[taken[writer]...] { add(write.value, (write.time, writer)) }
            taken[writer] = digest.writes.count
        }
    }

    private static func before(_ a: Write, _ b: Write) -> Bool {
        a.time != b.time ? a.time < b.time : a.writer < b.writer
    }

    private mutating func add(_ value: Int64, _ write: Write) {
        writes += 1
        lowest = min(lowest ?? value, value)
        if latestWrite.map({ Self.before($0.write, write) }) ?? true { latestWrite = (write, value) }
        guard let known = earliest[value] else {
            earliest[value] = write
            return
        }
        // Of the two, the later one rewrote a value already written.
        let (first, again) = Self.before(write, known) ? (write, known) : (known, write)
        earliest[value] = first
        if latestLost.map({ Self.before($0.write, again) }) ?? true {
            latestLost = (again, first.writer, value)
        } else if latestLost?.value == value {
            latestLost?.earlier = first.writer
        }
    }

    /// "LOST UPDATE: Thread-2 wrote counter = 5, which Thread-1 had already written (3
    /// increments lost so far)": the latest such write, and how far the counter has risen
    /// short of the writes made since its lowest value; nil while there is none.
    func message(names: [String]) -> String? {
        guard let latestLost, let latestWrite, let lowest else { return nil }
        let lost = writes - Int(clamping: latestWrite.value - lowest + 1)
        let name = { (index: Int) in names.indices.contains(index) ? names[index] : "?" }
        return "LOST UPDATE: \(name(latestLost.write.writer)) wrote \(self.name) = \(latestLost.value), "
            + "which \(name(latestLost.earlier)) had already written"
            + (lost > 1 ? " (\(lost) increments lost so far)" : "")
    }
}
