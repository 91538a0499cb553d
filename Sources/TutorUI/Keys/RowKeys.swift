/// The keys of the worker rows in step mode: 1…9, then the letters that are no key of their
/// own on the lesson screen (a test checks that none is), then `#` for rows past them.
public enum RowKeys {
    public static let symbols = Array("123456789abfgijkmnotuvwyz".unicodeScalars)

    public static func symbol(_ row: Int) -> Unicode.Scalar {
        row >= 0 && row < symbols.count ? symbols[row] : "#"
    }
}
