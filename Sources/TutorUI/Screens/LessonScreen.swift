import TutorEngine
import TutorLessons
import TutorLook

/// The lesson screen: title bar, the lesson text, the demo panel below it (beside it on a wide
/// terminal), and a status line.
enum LessonScreen {
    static func draw(_ state: AppState, into grid: inout Grid) {
        guard let lesson = state.lesson else { return }
        let width = state.width, height = state.height
        let (text, panel) = ScreenLayout.lesson(state)
        let lines = state.lessonLayout?.lines(for: lesson, width: text.width, unicode: state.unicode)
            ?? LessonText.layout(lesson, width: text.width, unicode: state.unicode)
        let scroll = min(state.scroll, max(0, lines.count - text.height))
        for (offset, line) in lines.dropFirst(scroll).prefix(text.height).enumerated() {
            line.draw(into: &grid, x: text.x, y: text.y + offset, width: text.width)
        }
        CodeMarks.draw(state, text: text, scroll: scroll, into: &grid)
        // The title, cut with a mark where the position in the text needs the room.
        let position = lines.count > text.height
            ? " lines \(scroll + 1)–\(min(lines.count, scroll + text.height)) of \(lines.count) " : ""
        let heading = title(state, lesson)
        let room = width - position.count
        if heading.text.count > room {
            let mark: (text: String, role: Role) = (state.unicode ? "…" : ">", .dim)
            StyledLine(heading.clipped(to: room - 1).runs + [mark]).draw(into: &grid, x: 0, y: 0, width: room)
        } else {
            heading.draw(into: &grid, x: 0, y: 0, width: room)
        }
        grid.write(position, x: width - position.count, y: 0, role: .dim)
        if let panel {
            let stacked = ScreenLayout.panelIsStacked(state)
            if let repeats = state.repeats {
                Histogram.draw(repeats, into: &grid, panel)
            } else if let run = state.run {
                if stacked { grid.fill(x: 0, y: panel.y, width: width, height: 1, with: Cell(state.unicode ? "─" : "-", .dim)) }
                let model = RunPanel.Model(run: run, speed: state.speed, coreView: state.coreView,
                                           questions: lesson.questions, unicode: state.unicode)
                RunPanel.draw(model, into: &grid, stacked ? panel.dropping(rows: 1) : panel)
            }
        }
        status(state, lesson).draw(into: &grid, x: 0, y: height - 2, width: width)
    }

    static func title(_ state: AppState, _ lesson: Lesson) -> StyledLine {
        StyledLine([(" tutor ", .keyBar), (" \(state.current + 1)/\(state.lessons.count)  ", .dim), (lesson.title, .title)])
    }

    /// The demo the next `r` runs, or the latest notice.
    static func status(_ state: AppState, _ lesson: Lesson) -> StyledLine {
        if let notice = state.notice { return StyledLine(" " + notice, .warning) }
        guard let demo = state.selectedDemo else {
            if state.run?.demo == ObservedProgramDemo.lessonDemoID {
                return StyledLine(" A real program, observed: q ends it and every process it started.", .dim)
            }
            return StyledLine(" This lesson has no demo.", .dim)
        }
        let more = lesson.demos.count > 1 ? "  (\(state.demoIndex + 1)/\(lesson.demos.count), d: next)" : ""
        let answered = state.progress.answered[lesson.id] != nil
        let ask = state.asksQuestionFirst ? (answered ? " (question again)" : " (question first)") : ""
        if let block = lesson.demos[safe: state.demoIndex]?.pythonBlock {
            return StyledLine([(" r runs: ", .dim), ("Python block \(block), in real CPython", .code), (more + ask, .dim)])
        }
        let command = ["tutor demo", demo.id] + demo.arguments + (demo.fast ? ["--fast"] : [])
        return StyledLine([(" r runs: ", .dim), (command.joined(separator: " "), .code),
                           (more + ask, .dim)])
    }
}
