import TutorLook

/// The bottom line: the keys that work here (from `KeyBindings`), as many as fit, most useful
/// first; those that do not fit with their word are still named, bare (`?` explains them).
enum KeyBar {
    static func draw(_ entries: [KeyBinding.BarEntry], into grid: inout Grid, row y: Int) {
        grid.fill(x: 0, y: y, width: grid.width, height: 1, with: Cell(" ", .keyBar))
        var x = 1
        let all = entries.map { entry in
            (grid.unicode ? entry.key
                : entry.key.replacingOccurrences(of: "↑↓", with: "Up/Dn").replacingOccurrences(of: "←→", with: "Lt/Rt"),
             entry.word)
        }
        var shown = 0
        for (key, word) in all {
            guard x + key.count + word.count + 2 <= grid.width else { break }
            x += grid.write(key, x: x, y: y, role: .keyName)
            x += grid.write(" " + word + "  ", x: x, y: y, role: .keyBar)
            shown += 1
        }
        for (key, _) in all.dropFirst(shown) where x + key.count <= grid.width {
            x += grid.write(key, x: x, y: y, role: .keyName)
            if x < grid.width { x += grid.write(" ", x: x, y: y, role: .keyBar) }
        }
    }
}
