import TutorEngine
import TutorTimeline

/// A recording drawn as text: one row per worker, one character per time bucket, a time axis
/// and a legend of every state recorded. Each bucket shows the state that filled most of it, so
/// long runs compress to the width given and short states may vanish at coarse scales (the
/// legend and the trace still list them).
public enum TimelineText {
    /// The lines of the timeline, none wider than `width` columns.
    public static func render(_ recording: Recording, width: Int, style: TextStyle) -> [String] {
        let labels = recording.tracks.map(label)
        let labelWidth = min(28, labels.map(\.count).max() ?? 0)
        let columns = max(10, width - labelWidth - 2)
        let span = max(recording.duration, 1)
        var lines: [String] = []
        for (track, label) in zip(recording.tracks, labels) {
            let coverage = StateCoverage(track, recording, columns: columns)
            let row = (0..<columns).map { column -> String in
                guard let state = coverage.dominant(column)?.state else { return " " }
                return style.paint(String(style.glyph(state)), as: state, held: coverage.heldShare(column) >= 0.5)
            }.joined()
            lines.append(pad(label, labelWidth, unicode: style.unicode) + " |" + row)
        }
        let indent = String(repeating: " ", count: labelWidth)
        lines.append(indent + "  " + ticks(columns: columns))
        lines.append(indent + "  " + scale(columns: columns, span: span, unicode: style.unicode))
        let kinds = RecordedKinds(recording.tracks)
        lines.append(legend(kinds.states, style: style) + (kinds.held && style.color ? "  (dimmed: held by tutor's pace)" : ""))
        return lines
    }

    static func label(_ track: Track) -> String {
        "\(track.info.name) (\(track.info.numberText))"
    }

    /// `text` in exactly `width` columns: padded, or cut with a mark (`…`, `>` in ASCII) so a
    /// cut label never reads as a whole one (`gil thread 1 of 2 (tid 16787` lost its `)`).
    private static func pad(_ text: String, _ width: Int, unicode: Bool) -> String {
        if text.count > width { return String(text.prefix(max(0, width - 1))) + (unicode ? "…" : ">") }
        return text + String(repeating: " ", count: width - text.count)
    }

    /// A dash per column with a tick every ten.
    static func ticks(columns: Int) -> String {
        String((0..<columns).map { $0 % 10 == 0 ? "+" : "-" })
    }

    /// "0" under the first column and the whole span under the last.
    static func scale(columns: Int, span: UInt64, unicode: Bool) -> String {
        let end = DurationText.format(span, unicode: unicode)
        return "0" + String(repeating: " ", count: max(1, columns - 1 - end.count)) + end
    }

    static func legend(_ states: Set<WorkerState>, style: TextStyle) -> String {
        let entries = WorkerState.allCases.filter(states.contains).map { state in
            style.paint(String(style.glyph(state)), as: state) + " " + state.description
        }
        return "legend: " + entries.joined(separator: "  ")
    }
}
