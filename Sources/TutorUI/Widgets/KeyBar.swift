import TutorLook

/// The bottom line: the keys that work here (from `KeyBindings`), each with its word, as many
/// as fit, most useful first. A key that does not fit with its word is left to the help (`?`,
/// ranked among the first): a bare key at the end read as a line cut short.
enum KeyBar {
    static func draw(_ entries: [KeyBinding.BarEntry], into grid: inout Grid, row y: Int) {
        grid.fill(x: 0, y: y, width: grid.width, height: 1, with: Cell(" ", .keyBar))
        var x = 1
        let all = entries.map { entry in
            (grid.unicode ? entry.key
                : entry.key.replacingOccurrences(of: "↑↓", with: "Up/Dn").replacingOccurrences(of: "←→", with: "Lt/Rt"),
             entry.word)
        }
        for (key, word) in all {
            guard x + key.count + word.count + 2 <= grid.width else { break }
            x += grid.write(key, x: x, y: y, role: .keyName)
            x += grid.write(" " + word + "  ", x: x, y: y, role: .keyBar)
        }
    }
}
