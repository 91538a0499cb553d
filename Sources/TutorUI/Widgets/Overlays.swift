import TutorEngine
import TutorLessons
import TutorLook

/// Windows drawn over the screen: help, a question before a run, the parameter editor, and
/// the screen shown when the terminal is too small.
enum Overlays {
    /// Draws a framed window of about `width` × `height` in the middle of the screen; returns
    /// the area inside it.
    static func box(_ title: String, width: Int, height: Int, in grid: inout Grid) -> Rect {
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
        return Rect(x: x + 2, y: y + 1, width: w - 4, height: h - 2)
    }

    /// The keys of the screen underneath, as `KeyBindings` declares them; a meaning too long
    /// for the window goes on over the next line.
    static func help(_ rows: [(label: String, help: String)], into grid: inout Grid) {
        let meaningWidth = min(grid.width - 2, 76) - 4 - 23
        let lines = rows.flatMap { row -> [(String, StyledLine)] in
            let wrapped = LessonText.wrap([(row.help, .normal)], width: meaningWidth, indent: "  ")
            return wrapped.enumerated().map { ($0.offset == 0 ? row.label : "", $0.element) }
        }
        let inner = box("Keys", width: 76, height: lines.count + 4, in: &grid)
        for (offset, (label, meaning)) in lines.enumerated() where offset < inner.height - 1 {
            grid.write(label, x: inner.x, y: inner.y + offset, role: .keyName, limit: 22)
            meaning.draw(into: &grid, x: inner.x + 23, y: inner.y + offset, width: inner.width - 23)
        }
        grid.write("Esc closes", x: inner.x, y: inner.y + inner.height - 1, role: .dim)
    }

    /// Question `index` of `count`, with choice `selected` highlighted. Choices wrap rather
    /// than run past the frame; a question too long for the screen is cut (with `…`) before
    /// any choice is, so every choice stays visible and nothing is drawn over the key bar.
    static func question(_ question: Question, index: Int, of count: Int, selected: Int, into grid: inout Grid) {
        let width = min(70, grid.width - 2) - 4
        let choices = question.choices.enumerated().map { number, choice in
            LessonText.wrap([(choice.text, .normal)], width: width, indent: "   ", bullet: "\(number + 1)  ").map { line in
                number == selected ? StyledLine(line.runs.map { ($0.text, Role.selected) }) : line
            }
        }
        let choiceRows = choices.reduce(0) { $0 + $1.count }
        // The frame, a gap after the question, the gap and hint after the choices.
        let room = max(1, grid.height - 2 - 2 - 3 - choiceRows)
        var text = LessonText.wrap([(question.text, .emphasis)], width: width, indent: "")
        if text.count > room {
            text = Array(text.prefix(room))
            text[room - 1] = StyledLine(text[room - 1].clipped(to: width - 1).runs + [(grid.unicode ? "…" : "...", .emphasis)])
        }
        let inner = box("Predict, then run (\(index + 1)/\(count))", width: 70, height: text.count + choiceRows + 5, in: &grid)
        var row = inner.y
        let last = inner.y + inner.height
        for line in text + [StyledLine()] + choices.flatMap({ $0 }) where row < last {
            line.draw(into: &grid, x: inner.x, y: row, width: inner.width)
            row += 1
        }
        if row + 1 < last {
            grid.write("Press a number, or ↑↓ and Enter. The run will tell.", x: inner.x, y: row + 1, role: .dim, limit: inner.width)
        }
    }

    /// The demo's editable parameters with their values, parameter `selected` highlighted.
    /// The window is as wide as its longest description needs, up to the screen's width, and
    /// a description still too long goes on over the next lines: none is cut.
    static func parameters(of id: String, _ specs: [ParameterSpec], _ values: ParameterValues, selected: Int,
                           into grid: inout Grid) {
        let longest = specs.map { $0.range.count + 2 + $0.meaning.count }.max() ?? 0
        let width = min(grid.width - 2, max(76, 27 + 4 + longest))
        let wrapped = specs.map { spec in
            LessonText.wrap([(spec.meaning, .dim)], width: width - 4 - 27, indent: String(repeating: " ", count: spec.range.count + 2),
                            bullet: spec.range + "  ").map { StyledLine($0.runs.map { ($0.text, Role.dim) }) }
        }
        let inner = box("Parameters of \(id)", width: width, height: wrapped.reduce(0) { $0 + $1.count } + 4, in: &grid)
        var row = inner.y
        for (offset, spec) in specs.enumerated() where row < inner.y + inner.height - 1 {
            let value = values[spec.name]?.description ?? ""
            grid.write("--\(spec.name) " + value, x: inner.x, y: row, role: offset == selected ? .selected : .normal, limit: 26)
            for line in wrapped[offset] where row < inner.y + inner.height - 1 {
                line.draw(into: &grid, x: inner.x + 27, y: row, width: inner.width - 27)
                row += 1
            }
        }
        grid.write("←→ change within the range, Enter keeps for the next run", x: inner.x,
                   y: inner.y + inner.height - 1, role: .dim, limit: inner.width)
    }

    static func tooSmall(into grid: inout Grid) {
        let lines = [
            "Please enlarge the terminal",
            "to at least \(AppState.minimumWidth)×\(AppState.minimumHeight)",
            "(it is \(grid.width)×\(grid.height) now).",
            "q quits.",
        ]
        for (offset, line) in lines.enumerated() {
            let y = grid.height / 2 - 2 + offset
            grid.write(line, x: max(0, (grid.width - line.count) / 2), y: y, role: offset == 0 ? .warning : .normal)
        }
    }
}
