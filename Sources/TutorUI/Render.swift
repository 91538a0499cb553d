import TutorEngine
import TutorLessons
import TutorLook

/// Draws the whole screen for a state: a pure function of it, so tests read the grid it
/// returns and a frame never depends on what was drawn before.
public func render(_ state: AppState) -> Grid {
    var grid = Grid(width: state.width, height: state.height, unicode: state.unicode)
    guard !state.isTooSmall else {
        Overlays.tooSmall(into: &grid)
        return grid
    }
    switch state.screen {
    case .lessonList: LessonList.draw(state, into: &grid)
    case .lesson: LessonScreen.draw(state, into: &grid)
    }
    KeyBar.draw(KeyBindings.bar(KeyBindings.contexts(state)[0]), into: &grid, row: state.height - 1)
    switch state.overlay {
    case .help:
        Overlays.help(KeyBindings.help(state.screen == .lessonList ? [.lessonList] : [.lesson, .stepping]), into: &grid)
    case .question(let index, let selected):
        if let questions = state.lesson?.questions, questions.indices.contains(index) {
            Overlays.question(questions[index], index: index, of: questions.count, selected: selected, into: &grid)
        }
    case .parameters(let selected):
        if let id = state.selectedDemo?.id, let info = state.demos[id], let values = state.editing {
            Overlays.parameters(of: id, ParameterEditing.editable(info), values, selected: selected, into: &grid)
        }
    case nil:
        break
    }
    return grid
}
