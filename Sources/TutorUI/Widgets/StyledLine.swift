import TutorLook
/// A line of text made of runs, each with a role: what text widgets produce before drawing.
public struct StyledLine: Equatable, Sendable {
    public var runs: [(text: String, role: Role)]

    public init(_ runs: [(text: String, role: Role)] = []) {
        self.runs = runs
    }

    public init(_ text: String, _ role: Role = .normal) {
        runs = [(text, role)]
    }

    public static func == (left: StyledLine, right: StyledLine) -> Bool {
        left.runs.map(\.text) == right.runs.map(\.text) && left.runs.map(\.role) == right.runs.map(\.role)
    }

    public var text: String { runs.map(\.text).joined() }

    /// The line's first `columns` columns (one per Unicode scalar, as the grid draws them).
    public func clipped(to columns: Int) -> StyledLine {
        var left = max(0, columns)
        var kept: [(text: String, role: Role)] = []
        for run in runs where left > 0 {
            let scalars = run.text.unicodeScalars
            let taken = String(String.UnicodeScalarView(scalars.prefix(left)))
            kept.append((taken, run.role))
            left -= min(left, scalars.count)
        }
        return StyledLine(kept)
    }

    /// The line without its first `columns` columns.
    public func dropping(_ columns: Int) -> StyledLine {
        var skip = max(0, columns)
        var kept: [(text: String, role: Role)] = []
        for run in runs {
            let scalars = run.text.unicodeScalars
            if skip >= scalars.count {
                skip -= scalars.count
                continue
            }
            kept.append((String(String.UnicodeScalarView(scalars.dropFirst(skip))), run.role))
            skip = 0
        }
        return StyledLine(kept)
    }

    /// Draws the line at (x, y), clipped to `width` columns, with a cut mark at the end when
    /// some of it did not fit.
    public func draw(into grid: inout Grid, x: Int, y: Int, width: Int) {
        var column = x
        for (index, run) in runs.enumerated() {
            let remaining = x + width - column
            guard remaining > 0 else {
                if runs[index...].contains(where: { !$0.text.isEmpty }) { grid.markCut(x: x + width - 1, y: y, role: run.role) }
                return
            }
            column += grid.write(run.text, x: column, y: y, role: run.role, limit: remaining)
        }
    }
}
