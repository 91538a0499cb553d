import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What /proc says of one thread at one moment.
struct ThreadSample: Equatable {
    /// `stat` field 3: R running or runnable, S sleeping, D in uninterruptible wait, Z, T, …
    var state: UInt8
    /// `stat` field 39: the CPU it last ran on.
    var cpu: Int32
    /// `schedstat`'s first field: nanoseconds spent on a CPU so far.
    var cpuTime: UInt64
    /// `schedstat`'s second field: nanoseconds spent ready to run but waiting for a CPU so
    /// far (other programs had them): what a busy machine cost the thread.
    var runDelay: UInt64 = 0
    /// The system call it is blocked in and that call's first argument (a futex's address),
    /// read only for a thread that is not running; nil if not blocked or not readable.
    var syscall: (number: Int, argument: UInt64)?
    /// Whether `syscall` could be read at all.
    var syscallReadable: Bool

    static func == (left: ThreadSample, right: ThreadSample) -> Bool {
        left.state == right.state && left.cpu == right.cpu && left.cpuTime == right.cpuTime
            && left.syscall?.number == right.syscall?.number && left.syscall?.argument == right.syscall?.argument
    }
}

/// One thread's /proc files (`stat`, `schedstat`, `syscall`), kept open so that a sample is
/// a few `pread`s: opening each time costs 3–10× more (../shared/PYTHON-OBSERVE.md).
final class ProcThread {
    let pid: Int32
    let tid: Int32
    private let stat: Int32
    private let schedstat: Int32
    private let syscall: Int32
    private var buffer = [UInt8](repeating: 0, count: 1024)

    /// Opens the files of thread `tid` of process `pid`; nil if it is already gone.
    init?(pid: Int32, tid: Int32) {
        let base = "/proc/\(pid)/task/\(tid)/"
        stat = open(base + "stat", O_RDONLY | O_CLOEXEC)
        schedstat = open(base + "schedstat", O_RDONLY | O_CLOEXEC)
        syscall = open(base + "syscall", O_RDONLY | O_CLOEXEC)
        self.pid = pid
        self.tid = tid
        guard stat >= 0, schedstat >= 0 else { return nil }
    }

    deinit {
        for fd in [stat, schedstat, syscall] where fd >= 0 { close(fd) }
    }

    /// Reads the thread now; nil once it has ended.
    func sample() -> ThreadSample? {
        guard let statText = read(stat), let close = statText.lastIndex(of: UInt8(ascii: ")")),
              close + 2 < statText.endIndex else { return nil }
        // Field 3 (the state) follows the name's ")"; field 39 (the CPU) is 36 spaces later.
        let state = statText[close + 2]
        var index = close + 2, spaces = 0
        while index < statText.endIndex, spaces < 36 {
            if statText[index] == UInt8(ascii: " ") { spaces += 1 }
            index += 1
        }
        var end = index
        while end < statText.endIndex, statText[end] != UInt8(ascii: " ") { end += 1 }
        guard spaces == 36, let processor = Self.number(statText[index..<end]) else { return nil }
        let cpu = Int32(processor)
        // A thread that ends between the two reads is gone, not one that used no CPU.
        guard let fields = read(schedstat)?.split(separator: UInt8(ascii: " ")), let cpuTime = fields.first.flatMap(Self.number) else {
            return nil
        }
        var sample = ThreadSample(state: state, cpu: cpu, cpuTime: cpuTime, syscall: nil, syscallReadable: syscall >= 0)
        if fields.count > 1, let delay = Self.number(fields[1]) { sample.runDelay = delay }
        if state != UInt8(ascii: "R"), syscall >= 0 {
            if let text = read(syscall) {
                let parts = text.split(separator: UInt8(ascii: " "))
                if let first = parts.first, let number = Self.number(first), parts.count > 1 {
                    sample.syscall = (Int(number), Self.hex(parts[1]) ?? 0)
                }
            } else {
                sample.syscallReadable = false
            }
        }
        return sample
    }

    private func read(_ fd: Int32) -> ArraySlice<UInt8>? {
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        var end = count
        while end > 0, buffer[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        return buffer[..<end]
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        guard !digits.isEmpty else { return nil }
        for digit in digits {
            guard digit >= 48, digit <= 57 else { return nil }
            value = value &* 10 &+ UInt64(digit - 48)
        }
        return value
    }

    private static func hex(_ text: ArraySlice<UInt8>) -> UInt64? {
        var digits = text
        if digits.starts(with: [48, 120]) { digits = digits.dropFirst(2) }  // "0x"
        var value: UInt64 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case 48...57: nibble = digit - 48
            case 97...102: nibble = digit - 87
            case 65...70: nibble = digit - 55
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }
}

/// What `/proc/PID/stat` says of a process: its state, parent, process group and start time
/// (clock ticks after boot: with the pid, what names one process even once pids are reused).
struct ProcessStat: Equatable {
    var state: Character
    var parent: Int32
    var group: Int32
    var start: UInt64

    init?(pid: Int32) {
        guard let text = ProcText.read("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        // Fields from the third (the state) on, after the name, which may hold spaces.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let parent = Int32(fields[1]), let group = Int32(fields[2]),
              let start = UInt64(fields[19]) else { return nil }
        (self.state, self.parent, self.group, self.start) = (state, parent, group, start)
    }

    /// Whether the process has not ended (a zombie has).
    var isAlive: Bool { state != "Z" && state != "X" }
}

/// One process of the program, as first seen: a pid that has since been reused by another
/// process is not it, and is never signalled or waited for.
struct ProcessIdentity: Hashable {
    var pid: Int32
    var start: UInt64

    init?(pid: Int32) {
        guard let stat = ProcessStat(pid: pid) else { return nil }
        self.pid = pid
        start = stat.start
    }

    /// Its stat now, if the pid still names it.
    var stat: ProcessStat? {
        ProcessStat(pid: pid).flatMap { $0.start == start ? $0 : nil }
    }

    /// Whether it is still running.
    var isAlive: Bool { stat?.isAlive ?? false }
}

/// The processes and threads of a program's tree, as /proc lists them now. Processes and
/// threads may end between the listing and the reading; callers treat a missing one as gone.
enum ProcessTree {
    /// `root` and every process below it (children of any of their threads), each with its
    /// threads, listed once.
    static func tree(below root: Int32) -> [(pid: Int32, threads: [Int32])] {
        var found: [(pid: Int32, threads: [Int32])] = []
        var queue = [root]
        while !queue.isEmpty {
            let pid = queue.removeFirst()
            guard !found.contains(where: { $0.pid == pid }) else { continue }
            let tids = threads(of: pid)
            found.append((pid, tids))
            for tid in tids {
                guard let text = ProcText.read("/proc/\(pid)/task/\(tid)/children") else { continue }
                queue += text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
        }
        return found
    }

    /// The thread ids of `pid`, in the order /proc lists them.
    static func threads(of pid: Int32) -> [Int32] {
        entries("/proc/\(pid)/task").sorted()
    }

    /// The processes whose parent is `parent` and whose process group is `group`: a program's
    /// orphans, once tutor has become their parent.
    static func children(of parent: Int32, inGroup group: Int32) -> [Int32] {
        entries("/proc").filter { pid in
            ProcessStat(pid: pid).map { $0.parent == parent && $0.group == group } ?? false
        }
    }

    /// The numeric entries of a /proc folder.
    private static func entries(_ folder: String) -> [Int32] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var numbers: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let number = Int32(name) { numbers.append(number) }
        }
        return numbers
    }

    /// A process's `comm` (its name, 15 bytes at most).
    static func name(of pid: Int32) -> String? {
        ProcText.read("/proc/\(pid)/comm")?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
