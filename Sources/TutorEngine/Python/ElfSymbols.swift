#if canImport(Glibc)
import Glibc
#endif

/// Reads an ELF64 file's symbol tables (`.symtab` and `.dynsym`) and its first load segment:
/// enough to find where a named object such as CPython's `_PyRuntime` lies in a process that
/// mapped the file. No debug symbols are needed: `_PyRuntime` is an exported data symbol.
struct ElfSymbols {
    /// A symbol's address relative to the file's load base, and its size in bytes.
    struct Symbol: Equatable {
        var value: UInt64
        var size: UInt64
    }

    private let bytes: [UInt8]
    /// Whether the file is position-independent (ET_DYN): its addresses are relative to where
    /// it was mapped. An ET_EXEC file's are absolute.
    let isPositionIndependent: Bool
    /// The virtual address of the load segment at file offset 0 (usually 0 for ET_DYN).
    let firstLoadAddress: UInt64

    /// Reads `path`; nil if it is not a little-endian ELF64 file.
    init?(path: String) {
        guard let bytes = Self.read(path), bytes.count > 64, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C,
              bytes[3] == 0x46, bytes[4] == 2, bytes[5] == 1 else { return nil }
        self.bytes = bytes
        isPositionIndependent = Self.integer(bytes, 0x10, 2) == 3
        var firstLoad: UInt64 = 0
        let headers = Int(clamping: Self.integer(bytes, 0x20, 8)), size = Int(Self.integer(bytes, 0x36, 2))
        for index in 0..<Int(Self.integer(bytes, 0x38, 2)) {
            let (at, overflow) = headers.addingReportingOverflow(index * size)
            guard !overflow else { break }
            guard at + 56 <= bytes.count else { break }
            if Self.integer(bytes, at, 4) == 1 /* PT_LOAD */, Self.integer(bytes, at + 8, 8) == 0 {
                firstLoad = Self.integer(bytes, at + 16, 8)
                break
            }
        }
        firstLoadAddress = firstLoad
    }

    /// The symbol called `name` in either table, if the file defines it.
    func symbol(named name: String) -> Symbol? {
        let target = Array(name.utf8)
        let sections = Int(clamping: Self.integer(bytes, 0x28, 8))
        let entrySize = Int(Self.integer(bytes, 0x3A, 2)), count = Int(Self.integer(bytes, 0x3C, 2))
        func section(_ index: Int) -> (type: UInt64, offset: Int, size: Int, link: Int, entry: Int)? {
            let (at, overflow) = sections.addingReportingOverflow(index * entrySize)
            guard index < count, !overflow, at <= bytes.count - 64 else { return nil }
            // A malformed file's sizes are clamped, never trapped on: reads past the end give 0.
            return (Self.integer(bytes, at + 4, 4), Int(clamping: Self.integer(bytes, at + 24, 8)),
                    Int(clamping: Self.integer(bytes, at + 32, 8)), Int(Self.integer(bytes, at + 40, 4)),
                    Int(clamping: Self.integer(bytes, at + 56, 8)))
        }
        for index in 0..<count {
            guard let table = section(index), table.type == 2 || table.type == 11, table.entry >= 24,
                  let strings = section(table.link) else { continue }
            var at = table.offset
            let end = min(bytes.count, table.offset.addingReportingOverflow(table.size).overflow ? bytes.count : table.offset + table.size)
            while at >= 0, at <= end - 24 {
                let (nameOffset, overflow) = strings.offset.addingReportingOverflow(Int(Self.integer(bytes, at, 4)))
                guard !overflow else { break }
                let value = Self.integer(bytes, at + 8, 8)
                if value != 0, Self.matches(bytes, nameOffset, target) {
                    return Symbol(value: value, size: Self.integer(bytes, at + 16, 8))
                }
                at += table.entry
            }
        }
        return nil
    }

    private static func matches(_ bytes: [UInt8], _ offset: Int, _ name: [UInt8]) -> Bool {
        guard offset >= 0, offset < bytes.count - name.count else { return false }
        for (index, byte) in name.enumerated() where bytes[offset + index] != byte { return false }
        return bytes[offset + name.count] == 0
    }

    /// A little-endian unsigned integer of `width` bytes at `offset` (0 past the end).
    private static func integer(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> UInt64 {
        guard offset >= 0, offset <= bytes.count - width else { return 0 }
        var value: UInt64 = 0
        for index in (0..<width).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        return value
    }

    private static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_size > 0, status.st_size < 1 << 30 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, $0.count - done, off_t(done)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            done += count
        }
        return bytes
    }
}
