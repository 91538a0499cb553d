import Foundation
import TutorLook

/// Repeated runs of a nondeterministic demo: how often each measured value came out.
enum Histogram {
    static func draw(_ repeats: RepeatView, into grid: inout Grid, _ area: Rect) {
        let (x, y, width, height) = (area.x, area.y, area.width, area.height)
        guard height >= 3 else { return }
        grid.fill(x: 0, y: y, width: grid.width, height: 1, with: Cell(grid.unicode ? "─" : "-", .dim))
        let done = repeats.values.count
        grid.write("▶ \(repeats.demo): \(MeasureName.shown(repeats.measure)) over \(done) of \(repeats.count) runs"
                   + (repeats.isFinished ? "" : " …"), x: x, y: y + 1, role: .title, limit: width)
        if repeats.unmeasured > 0, done == 0 {
            grid.write("\(repeats.unmeasured) of \(repeats.count) runs measured no \(MeasureName.shown(repeats.measure)): nothing to plot",
                       x: x, y: y + 2, role: .warning, limit: width)
            return
        }
        let label = { (value: Double) in value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.3f", value) }
        // Many distinct values (a big race loses a different number each run) go into equal bins.
        let bins = max(1, height - 3)
        let low = repeats.values.min() ?? 0, high = repeats.values.max() ?? 0
        // Whole numbers go into bins of a whole width; measured fractions (seconds, cores used)
        // into equal bins over their range.
        let whole = repeats.values.allSatisfy { $0 == $0.rounded() }
        let spread = (high - low) / Double(bins)
        let binWidth = Set(repeats.values).count > bins ? (whole ? spread.rounded(.up) : spread) : 0
        var counts: [Double: Int] = [:]
        for value in repeats.values {
            let key = binWidth > 0 ? low + (((value - low) / binWidth).rounded(.down) * binWidth) : value
            counts[key, default: 0] += 1
        }
        let rows = counts.keys.sorted()
        let largest = counts.values.max() ?? 1
        let labelWidth = 12
        // The value a run without a race would give: marked on its row, or said to be missing.
        let expectedRow = repeats.expected.flatMap { expected in
            rows.last { $0 <= expected && expected < $0 + max(binWidth, 1e-9) } ?? rows.first { $0 == expected }
        }
        for (offset, value) in rows.prefix(max(0, height - 3)).enumerated() {
            grid.write(label(value) + (binWidth > 0 ? "+" : ""), x: x, y: y + 2 + offset, role: .keyName, limit: labelWidth)
            let bar = max(1, (width - labelWidth - 20) * counts[value]! / largest)
            grid.write(String(repeating: grid.unicode ? "█" : "#", count: bar) + " \(counts[value]!)"
                       + (value == expectedRow ? (grid.unicode ? "  ← expected" : "  <- expected") : ""),
                       x: x + labelWidth, y: y + 2 + offset, role: .running, limit: width - labelWidth)
        }
        if let expected = repeats.expected, expectedRow == nil, done > 0 {
            let title = "▶ \(repeats.demo): \(MeasureName.shown(repeats.measure)) over \(done) of \(repeats.count) runs"
            grid.write("  expected \(label(expected)): no run reached it", x: x + min(width, title.count + (repeats.isFinished ? 0 : 2)),
                       y: y + 1, role: .bad, limit: max(0, width - title.count - 2))
        }
        if repeats.unmeasured > 0 {
            grid.write("\(repeats.unmeasured) of these runs measured no \(MeasureName.shown(repeats.measure))",
                       x: x, y: y + height - 1, role: .warning, limit: width)
        } else if repeats.busyRuns > 0 {
            grid.write("\(repeats.busyRuns) of these \(done) runs had a busy machine: their \(MeasureName.shown(repeats.measure)) is "
                       + "not a clean measurement", x: x, y: y + height - 1, role: .warning, limit: width)
        } else if rows.count > height - 3 {
            grid.write("… \(rows.count - (height - 3)) more values", x: x, y: y + height - 1, role: .dim, limit: width)
        }
    }
}
