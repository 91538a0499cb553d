import TutorLook
import TutorSafeText

/// One character cell: a single-column Unicode scalar and its role.
public struct Cell: Equatable, Sendable {
    public var scalar: Unicode.Scalar
    public var role: Role

    public init(_ scalar: Unicode.Scalar, _ role: Role = .normal) {
        self.scalar = scalar
        self.role = role
    }

    public static let blank = Cell(" ")
}

/// The whole screen as data: `render` draws into it, tests read it, and only the terminal
/// layer copies it to ncurses. Writes outside the grid are clipped, never wrapped.
public struct Grid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// Whether text may use Unicode beyond ASCII (false when the locale is not UTF-8, or `--ascii`).
    public let unicode: Bool
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, unicode: Bool = true) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.unicode = unicode
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `text` from column `x` of row `y`, at most `limit` columns, clipped to the grid.
    /// Text is made inert and single-width first (`InertText`). Text that does not fit ends in
    /// a cut mark (`markCut`), so nothing looks whole that is not. Returns the columns written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, role: Role = .normal, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = x
        for scalar in InertText.scalars(text, unicode: unicode) {
            guard column < end else {
                if column > x { markCut(x: column - 1, y: y, role: role) }
                break
            }
            if column >= 0 { self[column, y] = Cell(scalar, role) }
            column += 1
        }
        return max(0, column - x)
    }

    /// Marks the cell at (x, y) as the end of a line that goes on beyond it: `…`, or `>` in ASCII.
    public mutating func markCut(x: Int, y: Int, role: Role = .dim) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        self[x, y] = Cell(unicode ? "…" : ">", role)
    }

    /// Fills a rectangle with one cell.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with cell: Cell = .blank) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { self[column, row] = cell }
        }
    }

    /// Row `y` as plain text (for tests and goldens), trailing spaces kept.
    public func line(_ y: Int) -> String {
        String(String.UnicodeScalarView(cells[(y * width)..<((y + 1) * width)].map(\.scalar)))
    }

    /// Every row as plain text.
    public var lines: [String] { (0..<height).map(line) }
}
