#if canImport(Glibc)
import Glibc
#endif

/// Where a trace's text goes: a file descriptor, through a 64 KB buffer written out as it
/// fills, or (no descriptor) memory. The first failed write is kept, and nothing more is
/// written after it.
struct TraceOutput {
    static let bufferSize = 1 << 16

    let descriptor: Int32?
    private(set) var kept: [UInt8] = []
    private(set) var failure: Int32?

    init(descriptor: Int32?) {
        self.descriptor = descriptor
        kept.reserveCapacity(Self.bufferSize)
    }

    mutating func append(_ text: String) {
        guard failure == nil else { return }
        kept.append(contentsOf: text.utf8)
        if descriptor != nil, kept.count >= Self.bufferSize { drain() }
    }

    /// Writes out what is buffered. - Throws: the write's `errno`, now or from before.
    mutating func flush() throws(ChromeTrace.WriteError) {
        if descriptor != nil { drain() }
        if let failure { throw .failed(failure) }
    }

    private mutating func drain() {
        guard let descriptor, failure == nil else { return }
        if !kept.withUnsafeBytes({ FileDescriptorText.write(descriptor, bytes: $0) }) { failure = errno == 0 ? EIO : errno }
        kept.removeAll(keepingCapacity: true)
    }
}

/// JSON text by hand, for the trace's strings and numbers.
enum JSONText {
    /// `text` as a JSON string: quotes, backslashes and control characters escaped.
    static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Nanoseconds as microseconds with all their digits (`1234.567`), exactly.
    static func micros(_ nanoseconds: UInt64) -> String {
        let whole = nanoseconds / 1_000, fraction = nanoseconds % 1_000
        guard fraction != 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }
}
