import TutorAstro

/// Inputs for property tests of the parsers: seeded, so a failure names an input that can be
/// made again. Each is a valid seed file with a few random edits of the kinds that break
/// parsers: bytes flipped, inserted or deleted, lines repeated or removed, the file cut short,
/// and bytes that are not text at all (NUL, ESC, invalid UTF-8, very long runs).
public struct Mutations: Sequence, IteratorProtocol {
    private let seeds: [[UInt8]]
    private var random: SplitMix64
    private var remaining: Int

    public init(of seeds: [[UInt8]], count: Int, seed: UInt64) {
        precondition(!seeds.isEmpty, "mutations need at least one seed")
        self.seeds = seeds
        random = SplitMix64(seed: seed)
        remaining = count
    }

    public mutating func next() -> [UInt8]? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        var bytes = seeds[pick(seeds.count)]
        for _ in 0...pick(4) { mutate(&bytes) }
        return bytes
    }

    private mutating func pick(_ bound: Int) -> Int {
        bound <= 1 ? 0 : Int(random.next() % UInt64(bound))
    }

    private static let nasty: [[UInt8]] = [
        [0], [0x1B], Array("\u{1B}[2J\u{1B}[31m".utf8), [0xFF, 0xFE], [0xC3], [0xE2, 0x82], Array("\r\n".utf8),
        Array("---\n".utf8), Array("```\n".utf8), Array("```python\n".utf8), Array("demo: ".utf8),
        Array("choice: a | counter ==".utf8), Array("question: ?\n".utf8), Array(" nan inf -0 1e309 ".utf8),
        Array("\t".utf8), Array("#".utf8), Array(repeating: UInt8(ascii: "9"), count: 400),
        Array(repeating: UInt8(ascii: "x"), count: 5_000),
    ]

    private mutating func mutate(_ bytes: inout [UInt8]) {
        let at = pick(bytes.count + 1)
        switch pick(7) {
        case 0 where !bytes.isEmpty:
            bytes[Swift.min(at, bytes.count - 1)] ^= UInt8(1 << pick(8))
        case 1:
            bytes.insert(contentsOf: Self.nasty[pick(Self.nasty.count)], at: at)
        case 2 where !bytes.isEmpty:
            bytes.removeSubrange(at..<Swift.min(bytes.count, at + 1 + pick(64)))
        case 3:
            bytes = Array(bytes.prefix(at))
        case 4:
            let line = lines(bytes)
            if let chosen = line.isEmpty ? nil : line[pick(line.count)] {
                bytes.insert(contentsOf: bytes[chosen], at: chosen.lowerBound)
            }
        case 5:
            let line = lines(bytes)
            if line.count > 1 {
                let first = line[pick(line.count)]
                bytes.removeSubrange(first)
            }
        default:
            bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
        }
    }

    /// The byte ranges of each line, newline included.
    private func lines(_ bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            result.append(start..<index + 1)
            start = index + 1
        }
        if start < bytes.count { result.append(start..<bytes.count) }
        return result
    }
}

/// Whether `text` is one line of printable text: what an error message must be.
public func isOnePrintableLine(_ text: String) -> Bool {
    !text.isEmpty && text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && !(0x80..<0xA0).contains($0.value) }
}
