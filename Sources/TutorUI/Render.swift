import TutorEngine
import TutorLessons

/// Draws the whole screen for a state: a pure function, so tests read the grid it returns.
public func render(_ state: AppState) -> Grid {
    var grid = Grid(width: state.width, height: state.height, unicode: state.unicode)
    guard !state.isTooSmall else {
        Overlays.tooSmall(state, into: &grid)
        return grid
    }
    switch state.screen {
    case .lessonList: LessonList.draw(state, into: &grid)
    case .lesson: LessonScreen.draw(state, into: &grid)
    }
    KeyBar.draw(state, into: &grid)
    switch state.overlay {
    case .help: Overlays.help(state, into: &grid)
    case .question(let index, let selected): Overlays.question(state, index: index, selected: selected, into: &grid)
    case .parameters(let selected): Overlays.parameters(state, selected: selected, into: &grid)
    case nil: break
    }
    return grid
}

/// The lesson screen: title bar, the lesson text, the demo panel below it (beside it on a wide
/// terminal), and a status line.
enum LessonScreen {
    static func draw(_ state: AppState, into grid: inout Grid) {
        guard let lesson = state.lesson else { return }
        let width = state.width, height = state.height
        title(state, lesson).draw(into: &grid, x: 0, y: 0, width: width)
        let body = height - 3  // title bar, status line, key bar
        let hasPanel = state.run != nil || state.repeats != nil
        var text = (x: 1, y: 1, width: width - 2, height: body)
        var panel = (x: 0, y: 1, width: width, height: 0)
        if hasPanel {
            if width >= 150 {
                text.width = width * 2 / 5 - 2
                panel = (x: width * 2 / 5, y: 1, width: width - width * 2 / 5 - 1, height: body)
            } else {
                let workers = state.run?.recording.tracks.count ?? 4
                panel.height = min(body - 4, max(body / 2 + 1, workers + 7))
                text.height = body - panel.height
                panel.y = 1 + text.height
            }
        }
        let lines = LessonText.lines(lesson, width: text.width, unicode: state.unicode)
        let scroll = min(state.scroll, max(0, lines.count - text.height))
        for (offset, line) in lines.dropFirst(scroll).prefix(text.height).enumerated() {
            line.draw(into: &grid, x: text.x, y: text.y + offset, width: text.width)
        }
        if lines.count > text.height {
            let position = " lines \(scroll + 1)–\(min(lines.count, scroll + text.height)) of \(lines.count) "
            grid.write(position, x: width - position.count, y: 0, role: .dim)
        }
        if let repeats = state.repeats {
            Histogram.draw(repeats, into: &grid, x: panel.x, y: panel.y, width: panel.width, height: panel.height)
        } else if let run = state.run {
            if panel.height < body { grid.fill(x: 0, y: panel.y, width: width, height: 1, with: Cell(state.unicode ? "─" : "-", .dim)) }
            RunPanel.draw(run, state, into: &grid, x: panel.x, y: panel.y + (panel.height < body ? 1 : 0),
                          width: panel.width, height: panel.height - (panel.height < body ? 1 : 0))
        }
        status(state, lesson).draw(into: &grid, x: 0, y: height - 2, width: width)
    }

    static func title(_ state: AppState, _ lesson: Lesson) -> StyledLine {
        StyledLine([(" tutor ", .keyBar), (" \(state.current + 1)/\(state.lessons.count)  ", .dim), (lesson.title, .title)])
    }

    /// The demo the next `r` runs, or the latest notice.
    static func status(_ state: AppState, _ lesson: Lesson) -> StyledLine {
        if let notice = state.notice { return StyledLine(" " + notice, .warning) }
        guard let demo = state.selectedDemo else { return StyledLine(" This lesson has no demo.", .dim) }
        let more = lesson.demos.count > 1 ? "  (\(state.demoIndex + 1)/\(lesson.demos.count), d: next)" : ""
        let answered = state.progress.answered[lesson.id] != nil
        let ask = state.demoIndex == 0 && !lesson.questions.isEmpty ? (answered ? " (asks its question again)" : " (question first)") : ""
        let command = ["tutor demo", demo.id] + demo.arguments + (demo.fast ? ["--fast"] : [])
        return StyledLine([(" r runs: ", .dim), (command.joined(separator: " "), .code),
                           (more + ask, .dim)])
    }
}

/// The list of lessons with progress marks, and the files that failed to load.
enum LessonList {
    static func draw(_ state: AppState, into grid: inout Grid) {
        StyledLine([(" tutor ", .keyBar), ("  Parallel programming, for real: choose a lesson", .title)])
            .draw(into: &grid, x: 0, y: 0, width: state.width)
        var row = 2
        let visible = state.height - 4
        let first = max(0, min(state.listSelection - visible / 2, state.lessons.count - visible))
        for (index, lesson) in state.lessons.enumerated().dropFirst(first).prefix(visible) {
            let selected = index == state.listSelection
            let progress = state.progress
            let marks = (progress.visited.contains(lesson.id) ? "✓" : " ")
                + (lesson.demos.contains { progress.demosRun.contains($0.id) } ? "●" : " ")
                + (progress.answered[lesson.id].map { $0 ? "★" : "✗" } ?? " ")
            let ascii = state.unicode ? marks : marks.replacingOccurrences(of: "✓", with: "v")
                .replacingOccurrences(of: "●", with: "o").replacingOccurrences(of: "★", with: "*").replacingOccurrences(of: "✗", with: "x")
            let line = String(format: " %2d  ", index + 1) + ascii + "  " + lesson.title
            grid.write(line + String(repeating: " ", count: max(0, state.width - line.count)), x: 0, y: row,
                       role: selected ? .selected : .normal)
            row += 1
        }
        for problem in state.invalidLessons where row < state.height - 2 {
            grid.write(" !   " + problem, x: 0, y: row, role: .warning)
            row += 1
        }
        let legend = state.unicode ? " ✓ visited  ● demo run  ★ prediction right  ✗ prediction wrong"
                                   : " v visited  o demo run  * prediction right  x prediction wrong"
        grid.write(state.notice.map { " " + $0 } ?? legend, x: 0, y: state.height - 2, role: state.notice == nil ? .dim : .warning)
    }
}
