#if canImport(Glibc)
import Glibc
#endif

/// Where one CPython process keeps `_PyRuntime`, the interpreter's global state. The GIL's
/// condition variable lies inside it on CPython 3.9–3.13, so a thread blocked in `futex` on an
/// address in this range is waiting for the GIL (../shared/PYTHON-OBSERVE.md).
struct PythonRuntime: Equatable {
    var start: UInt64
    var size: UInt64

    func contains(_ address: UInt64) -> Bool { address >= start && address < start + size }

    /// `_PyRuntime` as a file defines it: an offset from where the file is mapped (a
    /// position-independent file) or an absolute address.
    struct Definition {
        var value: UInt64
        var size: UInt64
        var relative: Bool
    }

    /// Looks `_PyRuntime` up in the files `pid` has mapped: its executable, or a libpython.
    /// Nil while the dynamic loader has not mapped them yet, and for a program that is not
    /// CPython (or a build without the symbol).
    static func find(in pid: Int32, cache: inout [String: Definition?]) -> PythonRuntime? {
        guard let maps = ProcText.read("/proc/\(pid)/maps") else { return nil }
        var bases: [String: UInt64] = [:]
        for line in maps.split(separator: "\n") {
            // address perms offset dev inode path: the path is all after the fifth field, spaces
            // included.
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[2] == "00000000", let dash = fields[0].firstIndex(of: "-"),
                  let start = UInt64(fields[0][..<dash], radix: 16) else { continue }
            let file = fields[5].trimmingCharacters(in: .whitespaces)
            guard file.hasPrefix("/") else { continue }
            if bases[file] == nil { bases[file] = start }
        }
        let executable = ProcText.link("/proc/\(pid)/exe")
        let candidates = bases.keys.filter { $0 == executable || $0.contains("libpython") }.sorted()
        for file in candidates {
            let definition: Definition?
            if let known = cache[file] {
                definition = known
            } else {
                definition = ElfSymbols(path: file).flatMap { elf in
                    elf.symbol(named: "_PyRuntime").map {
                        Definition(value: elf.isPositionIndependent ? $0.value &- elf.firstLoadAddress : $0.value,
                                   size: $0.size, relative: elf.isPositionIndependent)
                    }
                }
                cache[file] = .some(definition)
            }
            guard let definition, let base = bases[file] else { continue }
            return PythonRuntime(start: definition.relative ? base &+ definition.value : definition.value,
                                 size: max(definition.size, 1))
        }
        return nil
    }
}

/// Small reads of /proc files.
enum ProcText {
    /// The whole of a small text file, or nil.
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
