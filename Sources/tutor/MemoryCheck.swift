import ArgumentParser
import Foundation
import TutorAstro

/// Refuses a grid the machine's memory cannot hold, before any worker starts, instead of a
/// worker killed by the kernel halfway through.
enum MemoryCheck {
    static func allows(_ settings: SearchSettings, processes: Int) throws {
        guard case .fixed(let grid) = settings.grid, let available = availableBytes() else { return }
        let needed = grid.searchBytes * Double(processes)
        guard needed > 0.8 * available else { return }
        let gigabytes = { (bytes: Double) in String(format: "%.1f GB", bytes / 1e9) }
        throw UsageError("a grid of \(ReadSummary.grouped(grid.count)) frequencies needs about \(gigabytes(grid.searchBytes)) per worker process "
            + "(\(gigabytes(needed)) for \(processes)); this machine has \(gigabytes(available)) available: use fewer --nfreq or --processes")
    }

    /// MemAvailable from /proc/meminfo, or nil where there is none.
    private static func availableBytes() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return nil }
        return kilobytes * 1024
    }
}
