/// One share of a list of files: the `index`-th of `count` near-equal parts of the files
/// sorted by name. How an array job splits its work: task K of N processes share K, and the
/// N shares are disjoint and together cover every file, whatever N is.
public struct Chunk: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(ChunkError) {
        guard count >= 1 else { throw ChunkError("the number of shares must be at least 1, not \(count)") }
        guard (0..<count).contains(index) else {
            throw ChunkError("share \(index) does not exist: shares of \(count) are numbered 0 to \(count - 1)")
        }
        self.index = index
        self.count = count
    }

    /// `K/N`, as `--chunk` takes it (0-based K).
    public static func parse(_ text: String) throws(ChunkError) -> Chunk {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ChunkError("'\(text)' is not K/N (for example 0/8, the first of 8 shares), nor 'slurm'")
        }
        return try Chunk(index: index, count: count)
    }

    /// The share of the SLURM array task this process runs in. The task's index counts from
    /// the array's lowest index (`SLURM_ARRAY_TASK_MIN`), so `--array=1-8` works as `0-7`
    /// does: reading `SLURM_ARRAY_TASK_ID` alone would leave one share unprocessed.
    public static func slurm(_ environment: [String: String]) throws(ChunkError) -> Chunk {
        guard let id = environment["SLURM_ARRAY_TASK_ID"].flatMap({ Int($0) }),
              let count = environment["SLURM_ARRAY_TASK_COUNT"].flatMap({ Int($0) }) else {
            throw ChunkError("--chunk slurm needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT: run it inside an array task (sbatch --array), or give --chunk K/N")
        }
        let lowest = environment["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0
        let step = environment["SLURM_ARRAY_TASK_STEP"].flatMap { Int($0) } ?? 1
        return try Chunk(index: (id - lowest) / max(1, step), count: count)
    }

    /// This share of `files`, sorted by name: share K holds the files from K·n/N up to
    /// (K+1)·n/N, so shares differ in size by at most one file.
    public func share(of files: [String]) -> [String] {
        let sorted = files.sorted()
        let lower = sorted.count * index / count
        let upper = sorted.count * (index + 1) / count
        return Array(sorted[lower..<upper])
    }

    public var description: String { "\(index)/\(count)" }
}

public struct ChunkError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
