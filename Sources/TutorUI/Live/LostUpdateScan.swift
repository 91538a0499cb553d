import TutorEngine

/// Spots the lesson of the locks demo as it happens: a thread writing a counter value that had
/// already been written, because it read the counter before another thread's write.
///
/// Each value's two earliest writes are kept, so the writes can be taken in as they are
/// published, in any order across workers, and the answer is the same as if they had been
/// sorted by time: the first lost update is the earliest second write of any value.
struct LostUpdateScan {
    private typealias Write = (time: UInt64, writer: Int)
    private var byValue: [Int64: (first: Write, second: Write?)] = [:]
    private var taken: [Int] = []
    private var writes = 0
    private var first: (time: UInt64, writer: Int, earlier: Int, value: Int64)?

    /// Takes in the writes each worker's digest holds beyond those already taken.
    mutating func consume(_ digests: [TrackDigest]) {
        if taken.count < digests.count { taken += Array(repeating: 0, count: digests.count - taken.count) }
        for (writer, digest) in digests.enumerated() {
            for write in digest.writes[taken[writer]...] { add(write.value, (write.time, writer)) }
            taken[writer] = digest.writes.count
        }
    }

    private mutating func add(_ value: Int64, _ write: Write) {
        writes += 1
        guard var known = byValue[value] else {
            byValue[value] = (write, nil)
            return
        }
        if write.time < known.first.time {
            (known.first, known.second) = (write, known.first)
        } else if known.second.map({ write.time < $0.time }) ?? true {
            known.second = write
        }
        byValue[value] = known
        if let second = known.second, second.time < (first?.time ?? .max) {
            first = (second.time, second.writer, known.first.writer, value)
        }
    }

    /// "LOST UPDATE: Thread-2 wrote counter = 1, which Thread-1 had already written", or nil.
    func message(names: [String]) -> String? {
        guard let first else { return nil }
        let lost = writes - byValue.count
        let name = { (index: Int) in names.indices.contains(index) ? names[index] : "?" }
        return "LOST UPDATE: \(name(first.writer)) wrote counter = \(first.value), which \(name(first.earlier)) had already written"
            + (lost > 1 ? " (\(lost) updates lost so far)" : "")
    }
}
