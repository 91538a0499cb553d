import ArgumentParser
import Foundation
import TutorAstro

/// Refuses a grid the machine's memory cannot hold, before any worker starts, instead of a
/// worker killed by the kernel halfway through.
enum MemoryCheck {
    /// Bytes one search on `grid` needs: 16 a frequency for the approximate pass's powers and
    /// bounds, and the non-uniform FFT's buffers (a grid of two complex values and six outputs a
    /// frequency, for one chunk of at most `NUFFTScan.largestChunk`).
    static func bytes(_ grid: FrequencyGrid) -> Double {
        let chunk = Double(min(grid.count, 1 << 20))
        return 16 * Double(grid.count) + (2 * 16 + 6 * 8 + 8) * chunk
    }

    static func allows(_ settings: SearchSettings, processes: Int) throws {
        guard case .fixed(let grid) = settings.grid, let available = availableBytes() else { return }
        let needed = bytes(grid) * Double(processes)
        guard needed > 0.8 * available else { return }
        let gigabytes = { (bytes: Double) in String(format: "%.1f GB", bytes / 1e9) }
        throw UsageError("a grid of \(ReadSummary.grouped(grid.count)) frequencies needs about \(gigabytes(bytes(grid))) per worker process "
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
