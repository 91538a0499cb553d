import TutorLook

/// Step mode on a lesson's Python block: where each thread is in the code on screen. `2▸` on
/// the line the thread of row 2 runs next (it waits for the student), `2■` on the line it is
/// inside of (let go, and blocked on a lock or computing); further threads on the same line
/// are listed at its right end.
enum CodeMarks {
    struct Mark: Equatable {
        var key: Unicode.Scalar
        /// Waiting for the student before the line, rather than inside it.
        var waiting: Bool
    }

    /// The marks of the run's live threads, by the layout row of their line.
    static func marks(_ run: RunView, codeRows: [Int]) -> [Int: [Mark]] {
        var marks: [Int: [Mark]] = [:]
        for (index, track) in run.recording.tracks.enumerated() where track.doneTime == nil {
            guard let line = run.lines[track.info.id], codeRows.indices.contains(line - 1) else { continue }
            marks[codeRows[line - 1], default: []].append(Mark(key: RowKeys.symbol(index),
                                                               waiting: run.nextSteps[track.info.id] != nil))
        }
        return marks
    }

    /// The layout rows of the block a stepped run is on, if the lesson shows it.
    static func codeRows(_ state: AppState) -> [Int]? {
        guard let run = state.run, run.status == .running, run.steppable, let block = run.pythonBlock else { return nil }
        return state.lessonLayout?.pythonCodeRows[safe: block - 1]
    }

    /// Scrolls the text so that every mark is in view, when the threads moved since `previous`
    /// (their lines then), and the student can read the code the choice is about.
    static func follow(_ state: inout AppState, previous: [Int: Int]) {
        guard let run = state.run, run.lines != previous, let rows = codeRows(state) else { return }
        let marked = marks(run, codeRows: rows).keys
        guard let low = marked.min(), let high = marked.max() else { return }
        let height = ScreenLayout.lesson(state).text.height
        guard low < state.scroll || high >= state.scroll + height else { return }
        // The marks in the middle of the view, or the first of them at its top if they do not fit.
        state.scroll = max(0, high - low < height ? low - (height - (high - low + 1)) / 2 : low)
    }

    /// Draws the marks over the text column, scrolled by `scroll`.
    static func draw(_ state: AppState, text: Rect, scroll: Int, into grid: inout Grid) {
        guard let run = state.run, let rows = codeRows(state) else { return }
        for (row, marks) in marks(run, codeRows: rows) {
            let y = text.y + row - scroll
            guard y >= text.y, y < text.y + text.height, let first = marks.first else { continue }
            grid[text.x, y] = Cell(first.key, role(first))
            grid[text.x + 1, y] = Cell(glyph(first, grid.unicode), role(first))
            let rest = marks.dropFirst().map { "\($0.key)\(glyph($0, grid.unicode))" }.joined(separator: " ")
            guard !rest.isEmpty else { continue }
            // The others after the code, or over its end, which then shows it is cut.
            let right = text.x + text.width
            var end = right - 1
            while end > text.x + 1, grid[end, y].scalar == " " { end -= 1 }
            if end + 3 + rest.count <= right {
                _ = grid.write(rest, x: end + 3, y: y, role: .keyName)
            } else {
                grid.markCut(x: right - rest.count - 2, y: y)
                _ = grid.write(" " + rest, x: right - rest.count - 1, y: y, role: .keyName)
            }
        }
    }

    /// What the marks mean, for the lines under the timeline.
    static func legend(unicode: Bool) -> String {
        "In the code: 2" + (unicode ? "▸" : ">") + " the line row 2 runs next, 2" + (unicode ? "■" : "#") + " the line it is in"
    }

    private static func glyph(_ mark: Mark, _ unicode: Bool) -> Unicode.Scalar {
        mark.waiting ? (unicode ? "▸" : ">") : (unicode ? "■" : "#")
    }

    private static func role(_ mark: Mark) -> Role { mark.waiting ? .keyName : .waitingLock }
}
