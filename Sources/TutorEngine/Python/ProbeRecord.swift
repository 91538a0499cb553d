#if canImport(Glibc)
import Glibc
#endif

/// One line the Python probe wrote (see Probe/sitecustomize.py): when, in which process and
/// thread, and what happened.
struct ProbeRecord: Equatable {
    enum What: Equatable {
        /// A thread began (or the process's main thread was named), with its Python name.
        case thread(String)
        /// A process began under this name (a Pool's `ForkPoolWorker-1`), or was forked.
        case process(String)
        /// Began to wait for, got, gave up on, or let go of a lock or semaphore.
        /// `timed`: `acquire(timeout=…)`, which ends by itself.
        case wait(kind: String, object: String, timed: Bool)
        case acquired(kind: String, object: String)
        case gaveUp(kind: String, object: String)
        case released(kind: String, object: String)
        case notify(String)
        case woke(String)
        /// The interpreter's version, and whether it has a GIL (a free-threaded build has none).
        case python(version: String, gil: Bool)
        /// A line the thread wrote to standard output.
        case print(String)
        /// A Pool worker took a task, or finished it.
        case taskStart(String)
        case taskEnd
        /// Stepped (tutor_lines.py): the thread is about to run `line` of `file` and waits to
        /// be let go; with its function's integer locals.
        case line(file: String, line: Int, text: String, locals: [Local])
        /// Stepped: the line let go reads a shared global, or has written one.
        case read(name: String, value: Int64)
        case write(name: String, value: Int64)
    }

    /// An integer local of a held thread's function.
    struct Local: Equatable {
        var name: String
        var value: Int64

        /// `value=2`.
        init?(_ field: String) {
            guard let equals = field.firstIndex(of: "="), let value = Int64(field[field.index(after: equals)...]) else { return nil }
            name = String(field[..<equals])
            self.value = value
        }
    }

    var time: UInt64
    var pid: Int32
    var tid: Int32
    var what: What

    init(time: UInt64, pid: Int32, tid: Int32, what: What) {
        self.time = time
        self.pid = pid
        self.tid = tid
        self.what = what
    }

    /// Parses one line; nil for a line that is not the probe's (cut, or from another version).
    init?(line: Substring) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { Self.unescape($0) }
        guard fields.count >= 4, let time = UInt64(fields[0]), let pid = Int32(fields[1]), let tid = Int32(fields[2]) else {
            return nil
        }
        let rest = Array(fields.dropFirst(4))
        func field(_ index: Int) -> String { rest.indices.contains(index) ? rest[index] : "" }
        switch fields[3] {
        case "thread": what = .thread(field(0))
        case "process": what = .process(field(0))
        case "wait": what = .wait(kind: field(0), object: field(1), timed: field(2) == "timed")
        case "acquired": what = .acquired(kind: field(0), object: field(1))
        case "gave-up": what = .gaveUp(kind: field(0), object: field(1))
        case "released": what = .released(kind: field(0), object: field(1))
        case "notify": what = .notify(field(1))
        case "woke": what = .woke(field(1))
        case "print": what = .print(field(0))
        case "python": what = .python(version: field(0), gil: field(1) != "free-threaded")
        case "task" where field(0) == "start": what = .taskStart(field(1))
        case "task": what = .taskEnd
        case "line":
            guard let number = Int(field(1)) else { return nil }
            what = .line(file: field(0), line: number, text: field(2), locals: rest.dropFirst(3).compactMap(Local.init))
        case "read", "write":
            guard let value = Int64(field(1)) else { return nil }
            what = fields[3] == "read" ? .read(name: field(0), value: value) : .write(name: field(0), value: value)
        default: return nil
        }
        self.time = time
        self.pid = pid
        self.tid = tid
    }

    /// Undoes the probe's escapes: `\\`, `\t`, `\n`, `\r`.
    private static func unescape(_ text: Substring) -> String {
        guard text.contains("\\") else { return String(text) }
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "t": result.append("\t")
                case "n": result.append("\n")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// Reads the probe's file as the program appends to it: whole lines only, from where the last
/// read stopped.
final class ProbeFile {
    let path: String
    private var fd: Int32 = -1
    private var offset: Int = 0
    private var partial: [UInt8] = []
    private var buffer = [UInt8](repeating: 0, count: 65_536)

    init(path: String) {
        self.path = path
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// The records appended since the last call.
    func newRecords() -> [ProbeRecord] {
        if fd < 0 { fd = open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return [] }
        var records: [ProbeRecord] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            guard count > 0 else { break }
            offset += count
            partial += buffer[..<count]
            if let last = partial.lastIndex(of: UInt8(ascii: "\n")) {
                let text = String(decoding: partial[...last], as: UTF8.self)
                records += text.split(separator: "\n").compactMap { ProbeRecord(line: $0) }
                partial.removeSubrange(...last)
            }
        }
        return records
    }
}
