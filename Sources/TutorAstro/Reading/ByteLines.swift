import TutorSafeText

/// The lines of a text file's bytes, numbered from 1: split at "\n", with a "\r" before it
/// dropped, so Unix and Windows files read alike; a UTF-8 byte-order mark at the start skipped.
///
/// The file must be valid UTF-8 (`validate`), so that any piece of a line can be quoted in a
/// message; the lines themselves stay bytes, which is what makes reading fast.
struct ByteLines {
    let bytes: UnsafeBufferPointer<UInt8>

    /// Throws naming the first line that is not valid UTF-8.
    static func validate(_ bytes: [UInt8], name: String) throws(LightCurveError) {
        // The common case, plain ASCII, needs no decoding.
        if bytes.allSatisfy({ $0 < 0x80 }) { return }
        if String(validating: bytes, as: UTF8.self) == nil {
            throw LightCurveError(file: name, line: TextLines.firstInvalidUTF8Line(bytes), message: "not valid UTF-8 text")
        }
    }

    /// Calls `body` with each line's number and bytes, until it returns false or throws.
    func forEach<Failure: Error>(_ body: (Int, UnsafeBufferPointer<UInt8>) throws(Failure) -> Bool) throws(Failure) {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var number = 1
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            // The text after the last newline is a line only if there is some.
            if end == bytes.count, start == end, start > 0 { return }
            var last = end
            if last > start, bytes[last - 1] == UInt8(ascii: "\r") { last -= 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<last])
            guard try body(number, line) else { return }
            number += 1
            start = end + 1
        }
    }

    /// `field` as text, for a message.
    static func text(_ field: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: field, as: UTF8.self)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The pieces between runs of separators (leading and trailing runs ignored), into
    /// `result`, whose storage is reused from line to line.
    func fields(into result: inout [UnsafeBufferPointer<UInt8>], separatedBy isSeparator: (UInt8) -> Bool) {
        result.removeAll(keepingCapacity: true)
        var index = 0
        while index < count {
            while index < count, isSeparator(self[index]) { index += 1 }
            let start = index
            while index < count, !isSeparator(self[index]) { index += 1 }
            if index > start { result.append(UnsafeBufferPointer(rebasing: self[start..<index])) }
        }
    }
}
