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

    /// Draws the line at (x, y), clipped to `width` columns.
    public func draw(into grid: inout Grid, x: Int, y: Int, width: Int) {
        var column = x
        for run in runs {
            let remaining = x + width - column
            guard remaining > 0 else { return }
            column += grid.write(run.text, x: column, y: y, role: run.role, limit: remaining)
        }
    }
}
