/// The keys of the worker rows in step mode: 1…9, then the capital letters A…Z, in order with
/// no gap (the lower-case letters are the screen's commands; a test checks that no row key
/// is), then `#` for rows past them.
public enum RowKeys {
    public static let symbols = Array("123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)

    public static func symbol(_ row: Int) -> Unicode.Scalar {
        row >= 0 && row < symbols.count ? symbols[row] : "#"
    }
}
