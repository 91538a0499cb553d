import TutorEngine

/// Windows drawn over the screen: help, a question before a run, the parameter editor, and
/// the screen shown when the terminal is too small.
enum Overlays {
    static let helpLines: [(String, String)] = [
        ("← →", "previous / next lesson"), ("Esc or l", "back to the lesson list (closes a window)"),
        ("r or Enter", "run the lesson's demo (answer its question first)"), ("d", "choose the lesson's next demo"),
        ("↑ ↓ PgUp PgDn", "scroll the lesson text"), ("space", "pause / resume the run"),
        ("s", "step mode: you are the scheduler"), ("1-9, ↑ ↓ Enter", "in step mode: let that worker take its next step"),
        ("+ -", "faster / slower"), ("p", "edit the demo's parameters"), ("c", "per-core view: which CPU ran what"),
        ("h", "run the demo 20 times and draw a histogram"), ("e", "export the last run as a Perfetto trace"),
        ("?", "this help"), ("q", "quit (a running demo is stopped first)"),
    ]

    static func box(_ title: String, width: Int, height: Int, in grid: inout Grid) -> (x: Int, y: Int, width: Int, height: Int) {
        let w = min(width, grid.width - 2), h = min(height, grid.height - 2)
        let x = (grid.width - w) / 2, y = max(1, (grid.height - h) / 2)
        grid.fill(x: x, y: y, width: w, height: h, with: Cell(" ", .normal))
        let horizontal: Unicode.Scalar = grid.unicode ? "─" : "-", vertical: Unicode.Scalar = grid.unicode ? "│" : "|"
        for column in x..<(x + w) {
            grid[column, y] = Cell(horizontal, .dim)
            grid[column, y + h - 1] = Cell(horizontal, .dim)
        }
        for row in y..<(y + h) {
            grid[x, row] = Cell(vertical, .dim)
            grid[x + w - 1, row] = Cell(vertical, .dim)
        }
        if grid.unicode {
            grid[x, y] = Cell("┌", .dim)
            grid[x + w - 1, y] = Cell("┐", .dim)
            grid[x, y + h - 1] = Cell("└", .dim)
            grid[x + w - 1, y + h - 1] = Cell("┘", .dim)
        }
        grid.write(" \(title) ", x: x + 2, y: y, role: .title)
        return (x + 2, y + 1, w - 4, h - 2)
    }

    static func help(_ state: AppState, into grid: inout Grid) {
        let inner = box("Keys", width: 74, height: helpLines.count + 3, in: &grid)
        for (offset, (key, meaning)) in helpLines.enumerated() where offset < inner.height {
            grid.write(key, x: inner.x, y: inner.y + offset, role: .keyName, limit: 18)
            grid.write(meaning, x: inner.x + 19, y: inner.y + offset, limit: inner.width - 19)
        }
        grid.write("Esc closes", x: inner.x, y: inner.y + inner.height - 1, role: .dim)
    }

    static func question(_ state: AppState, index: Int, selected: Int, into grid: inout Grid) {
        guard let question = state.lesson?.questions[safe: index] else { return }
        let text = LessonText.wrap([(question.text, .emphasis)], width: 64, indent: "")
        let inner = box("Predict, then run (\(index + 1)/\(state.lesson?.questions.count ?? 1))", width: 70,
                        height: text.count + question.choices.count + 5, in: &grid)
        var row = inner.y
        for line in text {
            line.draw(into: &grid, x: inner.x, y: row, width: inner.width)
            row += 1
        }
        row += 1
        for (number, choice) in question.choices.enumerated() {
            grid.write("\(number + 1)  \(choice.text)", x: inner.x, y: row, role: number == selected ? .selected : .normal,
                       limit: inner.width)
            row += 1
        }
        grid.write("Press a number, or ↑↓ and Enter. The run will tell.", x: inner.x, y: row + 1, role: .dim, limit: inner.width)
    }

    static func parameters(_ state: AppState, selected: Int, into grid: inout Grid) {
        guard let id = state.selectedDemo?.id, let demo = DemoCatalog.demo(id), let values = state.editing else { return }
        let specs = demo.parameters.filter { $0.kind != .paths }
        let inner = box("Parameters of \(id)", width: 76, height: specs.count + 4, in: &grid)
        for (offset, spec) in specs.enumerated() {
            let value = values[spec.name]?.description ?? ""
            let line = "--\(spec.name) " + value
            grid.write(line, x: inner.x, y: inner.y + offset, role: offset == selected ? .selected : .normal, limit: 26)
            grid.write("\(spec.range)  \(spec.meaning)", x: inner.x + 27, y: inner.y + offset, role: .dim,
                       limit: inner.width - 27)
        }
        grid.write("←→ change within the range, Enter keeps for the next run", x: inner.x,
                   y: inner.y + inner.height - 1, role: .dim, limit: inner.width)
    }

    static func tooSmall(_ state: AppState, into grid: inout Grid) {
        let lines = [
            "Please enlarge the terminal",
            "to at least \(AppState.minimumWidth)×\(AppState.minimumHeight)",
            "(it is \(state.width)×\(state.height) now).",
            "q quits.",
        ]
        for (offset, line) in lines.enumerated() {
            let y = state.height / 2 - 2 + offset
            grid.write(line, x: max(0, (state.width - line.count) / 2), y: y, role: offset == 0 ? .warning : .normal)
        }
    }
}
