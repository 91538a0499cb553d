import TutorEngine
import TutorTimeline

/// The summary after a run: result, wall and CPU time, each worker's busy fraction, and the
/// demo's invariant checks with their evidence.
public enum SummaryText {
    public static func render(_ recording: Recording, status: DemoRun.Status, cpuTime: UInt64,
                              style: TextStyle) -> [String] {
        var lines: [String] = []
        lines.append(style.strong("Result: ") + status.resultText)
        if case .completed(let outcome, _) = status, let caution = outcome.caution { lines.append(style.strong("Caution: ") + caution) }
        lines.append("Wall time: \(DurationText.format(recording.duration, unicode: style.unicode))"
                     + "   CPU time: \(DurationText.format(cpuTime, unicode: style.unicode))"
                     + "   events: \(recording.eventCount)"
                     + (recording.droppedEvents > 0
                        ? "   not recorded: \(recording.droppedEvents) (a recording keeps at most 1 GiB of events)" : ""))
        lines.append("Busy (share of each worker's life spent running or holding a lock, not counting tutor's"
                     + " slow motion), then where its life went:")
        for track in recording.tracks {
            let busy = TrackDigest(track).busyFraction(until: recording.end)
            let percent = Int((busy * 100).rounded())
            let shares = stateShares(track, until: recording.end)
            lines.append("  " + TimelineText.label(track) + ": \(percent)%" + (shares.isEmpty ? "" : " (" + shares + ")"))
        }
        let waits = Waits.text(recording, unicode: style.unicode)
        if !waits.isEmpty { lines.append("Waited for: " + waits) }
        if case .completed(_, let checks) = status, !checks.isEmpty {
            lines.append("Checks:")
            for check in checks {
                let mark = check.passed ? "ok  " : "FAIL"
                lines.append("  [\(mark)] \(check.name): \(check.detail)")
            }
        }
        return lines
    }

    /// "running 45%, waiting-gil 52%, sleeping 3%": the share of the worker's life in each
    /// state it was in (shares that round to 0 left out), when it was in more than one.
    static func stateShares(_ track: Track, until end: UInt64) -> String {
        var time: [WorkerState: UInt64] = [:]
        for slice in track.slices(until: end) { time[slice.state, default: 0] += slice.duration }
        let life = time.values.reduce(0, +)
        guard life > 0, time.count > 1 else { return "" }
        return WorkerState.allCases.compactMap { state -> String? in
            let share = Int((Double(time[state] ?? 0) / Double(life) * 100).rounded())
            return share > 0 ? "\(state) \(share)%" : nil
        }.joined(separator: ", ")
    }
}
