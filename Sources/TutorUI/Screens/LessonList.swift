import TutorLessons
import TutorLook

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
