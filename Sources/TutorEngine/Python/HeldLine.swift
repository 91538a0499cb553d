/// What a held Python thread's row says it will run next, as the pacer's label: `12 counter =
/// value + 1` for a line of the program's script, `helper.py:7 total += x` for another file's.
/// The app reads the line number back to mark the thread on the code it shows: one format,
/// written and read here.
public enum HeldLine {
    static func label(file: String, line: Int, text: String, script: String) -> String {
        (file == script ? "" : file + ":") + "\(line) " + text
    }

    /// The line of the program's script that `label` names; nil for another file's line or
    /// for a native demo's step.
    public static func line(of label: String) -> Int? {
        guard let space = label.firstIndex(of: " ") else { return Int(label) }
        return Int(label[..<space])
    }
}
