/// The bottom line: the keys that work here, as many as fit, most useful first.
enum KeyBar {
    static func keys(_ state: AppState) -> [(String, String)] {
        if state.overlay != nil {
            switch state.overlay {
            case .question: return [("1-9", "answer"), ("↑↓ Enter", "choose"), ("Esc", "cancel"), ("q", "quit")]
            case .parameters: return [("↑↓", "parameter"), ("←→", "change"), ("Enter", "keep"), ("Esc", "cancel")]
            default: return [("Esc", "close"), ("q", "quit")]
            }
        }
        switch state.screen {
        case .lessonList:
            return [("↑↓", "choose"), ("Enter", "open"), ("?", "help"), ("q", "quit")]
        case .lesson:
            if state.run?.mode == .stepping && state.run?.status == .running {
                return [("1-9", "step worker"), ("↑↓ Enter", "choose"), ("space", "resume"), ("?", "help"), ("q", "quit")]
            }
            return [("←→", "lesson"), ("r", "run"), ("space", "pause"), ("s", "step"), ("?", "help"), ("q", "quit"),
                    ("+-", "speed"), ("p", "params"), ("c", "cores"), ("h", "x20"), ("e", "trace")]
        }
    }

    static func draw(_ state: AppState, into grid: inout Grid) {
        let y = state.height - 1
        grid.fill(x: 0, y: y, width: state.width, height: 1, with: Cell(" ", .keyBar))
        var x = 1
        let all = keys(state).map { key, action in
            (state.unicode ? key : key.replacingOccurrences(of: "↑↓", with: "Up/Dn").replacingOccurrences(of: "←→", with: "Lt/Rt"), action)
        }
        var shown = 0
        for (key, action) in all {
            guard x + key.count + action.count + 2 <= state.width else { break }
            x += grid.write(key, x: x, y: y, role: .keyName)
            x += grid.write(" " + action + "  ", x: x, y: y, role: .keyBar)
            shown += 1
        }
        // Keys that did not fit with their words are still named, bare (? explains them).
        for (key, _) in all.dropFirst(shown) where x + key.count <= state.width {
            x += grid.write(key, x: x, y: y, role: .keyName)
            x += grid.write(" ", x: x, y: y, role: .keyBar)
        }
    }
}
