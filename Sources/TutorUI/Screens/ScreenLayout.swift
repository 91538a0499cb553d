/// A rectangle of the screen, in cells: where a widget draws.
public struct Rect: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The rectangle less its first `rows` rows.
    func dropping(rows: Int) -> Rect {
        Rect(x: x, y: y + rows, width: width, height: max(0, height - rows))
    }
}

/// Where things go on the lesson screen, as a function of the state: `render` draws there, and
/// `update` sizes what it derives (the lesson's layout, the lanes' columns) by it.
enum ScreenLayout {
    /// The screen from 150 columns on puts the demo beside the text, not under it.
    static let sideBySideWidth = 150

    /// The lesson text's area, and the demo panel's when a run or histogram is shown. A panel
    /// under the text starts with a separator row, which the panel's area includes.
    static func lesson(_ state: AppState) -> (text: Rect, panel: Rect?) {
        let width = state.width, body = state.height - 3  // title bar, status line, key bar
        let text = Rect(x: 1, y: 1, width: width - 2, height: body)
        guard state.run != nil || state.repeats != nil else { return (text, nil) }
        if width >= sideBySideWidth {
            let split = split(state)
            return (Rect(x: 1, y: 1, width: split - 2, height: body),
                    Rect(x: split, y: 1, width: panelWidth(state), height: body))
        }
        // A finished run's outcome is what the student reads now: the panel takes all but four
        // lines of the text (two with many workers), so every worker row and the result fit.
        let workers = state.run?.recording.tracks.count ?? 4
        let finished = state.run.map { $0.status != .running } ?? false
        // Stepping, every worker's row is one of the student's choices: they all come first.
        let panelHeight = state.isStepping ? min(body - 2, max(body / 2 + 1, workers + 9))
            : finished ? min(body - 2, max(body - 4, workers + 9)) : min(body - 4, max(body / 2 + 1, workers + 7))
        return (Rect(x: 1, y: 1, width: width - 2, height: body - panelHeight),
                Rect(x: 0, y: 1 + body - panelHeight, width: width, height: panelHeight))
    }

    /// Whether the panel sits under the text (and so begins with a separator row).
    static func panelIsStacked(_ state: AppState) -> Bool { state.width < sideBySideWidth }

    /// The width of the worker labels left of the lanes.
    static func labelWidth(panelWidth: Int) -> Int { min(22, max(12, panelWidth / 4)) }

    /// Where the panel begins beside the text: two fifths of the screen are the text's, or
    /// more (up to half) when the lesson's widest code line needs them, so a wide screen shows
    /// its code unwrapped (a code row is the line and its two-column gutter).
    static func split(_ state: AppState) -> Int {
        let widest = state.lesson?.body.reduce(0) { widest, block in
            guard case .code(_, let lines) = block else { return widest }
            return lines.reduce(widest) { max($0, $1.count) }
        } ?? 0
        return max(state.width * 2 / 5, min(state.width / 2, widest + 4))
    }

    /// The width of the demo panel on the screen `state` is drawn on.
    static func panelWidth(_ state: AppState) -> Int {
        state.width >= sideBySideWidth ? state.width - split(state) - 1 : state.width
    }

    /// The timeline columns of the run panel; in step mode the rows give `stepColumnWidth` of
    /// them to each worker's next step.
    static func laneColumns(_ state: AppState, stepping: Bool = false) -> Int {
        let panel = panelWidth(state)
        return max(1, panel - labelWidth(panelWidth: panel) - 1 - (stepping ? stepColumnWidth(panelWidth: panel) : 0))
    }

    /// The width of the column, right of the timeline, where step mode says each worker's next
    /// step (or what holds it back): a third of the panel, at most 40.
    static func stepColumnWidth(panelWidth: Int) -> Int { min(40, panelWidth / 3) }
}
