/// What a group of workers did over one stretch of a run, in measures a busy machine cannot
/// fake: the CPU time the workers' own clocks counted, the most that computed at once, and how
/// much of the CPU they could have had they really got. Wall times and speed-ups come with it,
/// but only these say whether the wall times can be trusted.
public struct WorkMeasure: Sendable, Equatable {
    /// From the first worker starting to compute to the last one stopping, in seconds (a
    /// paced start or a process's launch before that is not the work's).
    public var wall: Double
    /// The CPU time the workers used, in seconds.
    public var cpu: Double
    /// The time the workers spent in the running state, summed over workers, in seconds.
    public var running: Double
    /// The most workers running at one moment.
    public var atOnce: Int
    /// The CPUs this process may use (`UsableCPUs`).
    public var usableCPUs: Int

    /// Below this share of the CPU they could have had, other programs took the cores.
    public static let busyShare = 0.8

    /// The cores the work kept busy on average (CPU ÷ wall).
    public var coresUsed: Double { wall > 0 ? cpu / wall : 0 }

    /// The CPU time the workers got, as a share of what they could have had: each running
    /// second, but no more than the usable CPUs over the wall time (four workers on two cores
    /// share them, which is no sign of load). Near 1 on a free machine.
    public var cpuShare: Double {
        let possible = min(running, Double(usableCPUs) * wall)
        return possible > 0 ? min(1, cpu / possible) : 1
    }

    public var wasCrowded: Bool { cpuShare < Self.busyShare }

    /// The measure of the tracks `include` picks in `recording` (within `window`, if given),
    /// given the CPU time they used there.
    public static func of(_ recording: Recording, cpuNanoseconds: UInt64, within window: ClosedRange<UInt64>? = nil,
                          among include: (Track) -> Bool) -> WorkMeasure {
        var first = UInt64.max, last: UInt64 = 0, running: UInt64 = 0
        for track in recording.tracks where include(track) {
            track.forEachSlice(until: recording.end) { whole in
                let slice = window.map { whole.clipped(to: $0) } ?? whole
                guard slice.state == .running, slice.end > slice.start else { return }
                first = min(first, slice.start)
                last = max(last, slice.end)
                running += slice.duration
            }
        }
        return WorkMeasure(wall: last > first ? Double(last - first) / 1e9 : 0, cpu: Double(cpuNanoseconds) / 1e9,
                           running: Double(running) / 1e9,
                           atOnce: TraceAnalysis.maxConcurrency(recording, in: [.running], among: include, within: window),
                           usableCPUs: UsableCPUs.count)
    }

    /// "the workers got only 62% of the CPU time they could have had", said when the machine
    /// was too busy for the times to mean speed.
    public var crowdedText: String {
        "the workers got only \(Int((cpuShare * 100).rounded()))% of the CPU time they could have had"
    }
}
