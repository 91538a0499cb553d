import CTutorSystem

/// Numbers read straight from a file's bytes, as C's `strtod` reads them in the "C" locale
/// (correctly rounded; `inf`, `nan` and hex floats accepted, as Swift's `Double(String)` does),
/// without making a String of every field.
///
/// Most fields are short decimals ("58000.0912", "-1.5e-3"): those take Clinger's fast path
/// (W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990): when the digits
/// make an integer below 2⁵³ and the power of ten is at most 22, both are exact doubles and one
/// multiplication or division rounds correctly. Everything else goes to `strtod_l`.
///
/// Why the "C" locale explicitly: the app sets the user's locale for curses, and under a
/// locale with a decimal comma plain `strtod` would read "12.5" as 12.
enum DecimalNumber {
    /// Made once, on first use (a static let is initialised exactly once, thread-safely).
    private nonisolated(unsafe) static let cLocale = tutor_new_c_locale()

    /// The number the whole of `field` spells, or nil.
    static func parse(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        if let value = fastParse(field) { return value }
        guard !field.isEmpty, field.count < 4_096 else { return field.isEmpty ? nil : slowParse(field) }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: field.count + 1) { buffer in
            convert(field, into: buffer)
        }
    }

    private static let powers: [Double] = (0...22).map { exponent in
        var power = 1.0
        for _ in 0..<exponent { power *= 10 }
        return power
    }

    /// `[+-]digits[.digits][(e|E)[+-]digits]`, when Clinger's fast path applies; else nil.
    @inline(__always)
    private static func fastParse(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0, count = field.count
        guard count > 0, count < 40 else { return nil }
        var negative = false
        if field[0] == UInt8(ascii: "-") || field[0] == UInt8(ascii: "+") {
            negative = field[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0, digits = 0, scale = 0, sawDigit = false
        while index < count, field[index] &- UInt8(ascii: "0") < 10 {
            if mantissa != 0 || field[index] != UInt8(ascii: "0") { digits += 1 }
            mantissa = mantissa &* 10 &+ UInt64(field[index] &- UInt8(ascii: "0"))
            index += 1
            sawDigit = true
        }
        if index < count, field[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, field[index] &- UInt8(ascii: "0") < 10 {
                if mantissa != 0 || field[index] != UInt8(ascii: "0") { digits += 1 }
                mantissa = mantissa &* 10 &+ UInt64(field[index] &- UInt8(ascii: "0"))
                scale -= 1
                index += 1
                sawDigit = true
            }
        }
        guard sawDigit, digits <= 15 else { return nil }
        if index < count, field[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count, field[index] == UInt8(ascii: "-") || field[index] == UInt8(ascii: "+") {
                exponentNegative = field[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0, exponentDigits = 0
            while index < count, field[index] &- UInt8(ascii: "0") < 10, exponentDigits < 4 {
                exponent = exponent * 10 + Int(field[index] &- UInt8(ascii: "0"))
                index += 1
                exponentDigits += 1
            }
            guard exponentDigits > 0 else { return nil }
            scale += exponentNegative ? -exponent : exponent
        }
        count -= index
        // Something else follows (or too many exponent digits): not this path's to judge.
        guard count == 0, mantissa < (1 << 53), abs(scale) <= 22 else { return nil }
        let value = scale < 0 ? Double(mantissa) / powers[-scale] : Double(mantissa) * powers[scale]
        return negative ? -value : value
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
