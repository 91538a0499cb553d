import CTutorSystem

/// Numbers read straight from a file's bytes, as C's `strtod` reads them in the "C" locale
/// (correctly rounded; `inf`, `nan` and hex floats accepted, as Swift's `Double(String)` does),
/// without making a String of every field.
///
/// Why the "C" locale explicitly: the app sets the user's locale for curses, and under a
/// locale with a decimal comma plain `strtod` would read "12.5" as 12.
enum DecimalNumber {
    /// Made once, on first use (a static let is initialised exactly once, thread-safely).
    private nonisolated(unsafe) static let cLocale = tutor_new_c_locale()

    /// The number the whole of `field` spells, or nil.
    static func parse(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !field.isEmpty, field.count < 4_096 else { return field.isEmpty ? nil : slowParse(field) }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: field.count + 1) { buffer in
            convert(field, into: buffer)
        }
    }

    /// Fields of thousands of digits are not numbers anyone wrote by hand, but still parsed.
    private static func slowParse(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: field.count + 1)
        defer { buffer.deallocate() }
        return convert(field, into: buffer)
    }

    private static func convert(_ field: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<CChar>) -> Double? {
        // strtod skips leading white space, which a field may not have.
        guard let first = field.first, first != UInt8(ascii: " "), !(9...13).contains(first) else { return nil }
        for index in field.indices { buffer[index] = CChar(bitPattern: field[index]) }
        buffer[field.count] = 0
        guard let start = buffer.baseAddress else { return nil }
        var end: UnsafeMutablePointer<CChar>?
        let value = strtod_l(start, &end, cLocale)
        return end == start + field.count ? value : nil
    }
}
