import Foundation
import TutorAstro

/// The line protocol between the pool and its worker processes, over the worker's stdin and
/// stdout: one message per line, space-separated fields, free text percent-escaped.
///
/// Text lines keep it debuggable (run `tutor worker` by hand and type `file 0 x.lc`), and the
/// volume is small: a few events per task.
public enum WorkerTask: Equatable, Sendable {
    /// Find the period of the light curve at `path`.
    case file(task: Int, path: String)
    /// Print "Task i started", sleep for real, print "Task i completed".
    case sleep(task: Int, seconds: Double)
    /// The same, with CPU-bound work of `units` periodogram units instead of sleeping.
    case spin(task: Int, units: Int, announce: Bool)
    case quit

    public var line: String {
        switch self {
        case .file(let task, let path): "file \(task) \(LineField.escape(path))"
        case .sleep(let task, let seconds): "sleep \(task) \(seconds)"
        case .spin(let task, let units, let announce): "spin \(task) \(units) \(announce ? 1 : 0)"
        case .quit: "quit"
        }
    }

    public init?(line: Substring) {
        let fields = line.split(separator: " ")
        switch (fields.first, fields.count) {
        case ("file", 3):
            guard let task = Int(fields[1]) else { return nil }
            self = .file(task: task, path: LineField.unescape(fields[2]))
        case ("sleep", 3):
            guard let task = Int(fields[1]), let seconds = Double(fields[2]) else { return nil }
            self = .sleep(task: task, seconds: seconds)
        case ("spin", 4):
            guard let task = Int(fields[1]), let units = Int(fields[2]) else { return nil }
            self = .spin(task: task, units: units, announce: fields[3] == "1")
        case ("quit", 1):
            self = .quit
        default:
            return nil
        }
    }
}

/// What a worker process tells the pool.
public enum WorkerMessage: Equatable, Sendable {
    /// Sent first: the worker's pid and the kernel id of its one thread.
    case hello(pid: Int32, tid: Int32)
    /// A recorded event, with the name of its object (a file name), if any.
    case event(Event, object: String?)
    /// A line of the example's console output.
    case print(String)
    /// A file's search, as JSON in the line.
    case result(task: Int, finding: PeriodFinding)
    case failed(task: Int, message: String)
    /// A sleep or spin task is over, having used `cpu` nanoseconds of CPU time.
    case finished(task: Int, cpu: UInt64)

    public var line: String {
        switch self {
        case .hello(let pid, let tid):
            return "hello \(pid) \(tid)"
        case .event(let event, let object):
            return "event \(event.time) \(event.kind.rawValue) \(event.code) \(event.value) \(event.cpu) "
                + (object.map(LineField.escape) ?? "-")
        case .print(let text):
            return "print " + LineField.escape(text)
        case .result(let task, let finding):
            let json = (try? JSONEncoder().encode(finding)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return "result \(task) " + LineField.escape(json)
        case .failed(let task, let message):
            return "failed \(task) " + LineField.escape(message)
        case .finished(let task, let cpu):
            return "finished \(task) \(cpu)"
        }
    }

    /// Decodes a line; nil for anything else (a crash report on the shared stderr, say).
    public init?(line: Substring) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        switch (fields.first, fields.count) {
        case ("hello", 3):
            guard let pid = Int32(fields[1]), let tid = Int32(fields[2]) else { return nil }
            self = .hello(pid: pid, tid: tid)
        case ("event", 7):
            guard let time = UInt64(fields[1]), let rawKind = UInt8(fields[2]), let kind = Event.Kind(rawValue: rawKind),
                  let code = UInt8(fields[3]), let value = Int64(fields[4]), let cpu = Int32(fields[5]) else { return nil }
            let object = fields[6] == "-" ? nil : LineField.unescape(fields[6])
            self = .event(Event(time: time, kind: kind, code: code, object: .none, value: value, cpu: cpu), object: object)
        case ("print", 2):
            self = .print(LineField.unescape(fields[1]))
        case ("result", 3):
            guard let task = Int(fields[1]),
                  let finding = try? JSONDecoder().decode(PeriodFinding.self, from: Data(LineField.unescape(fields[2]).utf8)),
                  !finding.peaks.isEmpty else { return nil }
            self = .result(task: task, finding: finding)
        case ("failed", 3):
            guard let task = Int(fields[1]) else { return nil }
            self = .failed(task: task, message: LineField.unescape(fields[2]))
        case ("finished", 3):
            guard let task = Int(fields[1]), let cpu = UInt64(fields[2]) else { return nil }
            self = .finished(task: task, cpu: cpu)
        default:
            return nil
        }
    }
}

/// Percent-escaping of one free-text field, so it holds no space, newline or percent sign.
enum LineField {
    static func escape(_ text: String) -> String {
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                let hex = String(byte, radix: 16, uppercase: true)
                bytes += Array(("%" + (hex.count < 2 ? "0" : "") + hex).utf8)
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func unescape<S: StringProtocol>(_ text: S) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
