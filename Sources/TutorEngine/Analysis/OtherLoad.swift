import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How much of the machine other programs used while a measurement ran: every CPU's busy time
/// (/proc/stat) less this process's and its reaped children's own (getrusage). Measured over
/// the measurement itself, not read off the load average, so a wall-clock figure taken on a
/// busy login node is flagged rather than quoted as a speed.
public struct OtherLoad {
    private let busy: Double
    private let ours: Double
    private let start: UInt64

    /// Above this share of the CPUs' time taken by other programs, a wall time is not clean.
    public static let busyShare = 0.1

    public init() {
        busy = Self.machineBusySeconds()
        ours = Self.ownSeconds()
        start = MonotonicClock.now()
    }

    /// The share of all CPUs' time since `init` that other programs used.
    public var share: Double { share(excluding: Self.ownSeconds() - ours) }

    /// The share of all CPUs' time since `init` used by anything but the `own` CPU seconds
    /// given (an observed program's threads and the sampler watching them: tutor's other
    /// threads, a test runner's other tests, are others to it).
    public func share(excluding own: Double) -> Double {
        let wall = Double(MonotonicClock.now() - start) / 1e9
        let others = (Self.machineBusySeconds() - busy) - own
        return wall > 0 ? max(0, others) / (wall * Double(Self.cpus)) : 0
    }

    /// " [busy: other programs used 35% of the CPUs meanwhile]", or nothing on a quiet machine.
    public var flag: String {
        let share = self.share
        return share > Self.busyShare ? String(format: " [busy: other programs used %.0f%% of the CPUs meanwhile]", share * 100) : ""
    }

    /// The CPUs /proc/stat counts (`cpuN` lines).
    static let cpus: Int = {
        let text = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? ""
        return max(1, text.split(separator: "\n").filter { $0.hasPrefix("cpu") && !$0.hasPrefix("cpu ") }.count)
    }()

    /// Seconds every CPU spent busy since boot: user, nice, system, irq, softirq and steal.
    private static func machineBusySeconds() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return 0 }
        let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard ticks.count >= 8 else { return 0 }
        let busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]
        return busy / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// CPU seconds of this process and of the children it has reaped.
    private static func ownSeconds() -> Double {
        var total = 0.0
        for who in [RUSAGE_SELF, RUSAGE_CHILDREN] {
            var usage = rusage()
            getrusage(__rusage_who_t(who.rawValue), &usage)
            for time in [usage.ru_utime, usage.ru_stime] { total += Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        }
        return total
    }
}
