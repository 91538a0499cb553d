import TutorEngine
import TutorTimeline

/// The summary after a run: result, wall and CPU time, each worker's busy fraction, and the
/// demo's invariant checks with their evidence.
public enum SummaryText {
    public static func render(_ recording: Recording, status: DemoRun.Status, cpuTime: UInt64,
                              style: TextStyle) -> [String] {
        var lines: [String] = []
        lines.append(style.strong("Result: ") + status.resultText)
        lines.append("Wall time: \(DurationText.format(recording.duration, unicode: style.unicode))"
                     + "   CPU time: \(DurationText.format(cpuTime, unicode: style.unicode))"
                     + "   events: \(recording.eventCount)"
                     + (recording.droppedEvents > 0 ? "   DROPPED: \(recording.droppedEvents)" : ""))
        lines.append("Busy (share of each worker's life spent running or holding, not held by the pacer):")
        for track in recording.tracks {
            let busy = TrackDigest(track).busyFraction(until: recording.end)
            let percent = Int((busy * 100).rounded())
            lines.append("  " + TimelineText.label(track) + ": \(percent)%")
        }
        if case .completed(_, let checks) = status, !checks.isEmpty {
            lines.append("Checks:")
            for check in checks {
                let mark = check.passed ? "ok  " : "FAIL"
                lines.append("  [\(mark)] \(check.name): \(check.detail)")
            }
        }
        return lines
    }
}
