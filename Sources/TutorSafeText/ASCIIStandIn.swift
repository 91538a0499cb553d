/// The ASCII character drawn for a Unicode one when the terminal gets ASCII only (`--ascii`, a
/// locale that is not UTF-8): one column for one, so every layout stays as measured, and a
/// character that reads like the original rather than a `?` (which also reads as the help key).
enum ASCIIStandIn {
    static func of(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "▶", "▸", "►", "→", "›", "≥": ">"
        case "◀", "◂", "←", "‹", "≤": "<"
        case "↑", "▲": "^"
        case "↓", "▼": "v"
        case "–", "—", "─", "━", "−": "-"
        case "│", "┃", "‖", "¦": "|"
        case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼", "╭", "╮", "╰", "╯": "+"
        case "…", "·", "•": "."
        case "×", "✗", "✘": "x"
        case "✓", "✔": "v"
        case "÷", "∕": "/"
        case "µ", "μ": "u"
        case "≈", "∼": "~"
        case "‘", "’", "′": "'"
        case "“", "”", "″": "\""
        default: nil
        }
    }
}
