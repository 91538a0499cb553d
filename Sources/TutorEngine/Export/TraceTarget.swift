import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a trace may be written: a path the user named, checked before the run so a bad one
/// costs nothing, and written so that what was there stays as the user had it.
///
/// A path that names nothing yet gets a new file, written whole and then renamed into place.
/// An existing regular file gets the whole trace copied into it in place, which keeps its
/// mode, its owner, its hard links and any symbolic link that led to it (renaming over it
/// would replace them all); a link to nothing is refused.
/// Anything else is refused: a device (`/dev/null` would become a plain file), a folder, a
/// pipe, a read-only file, a folder one cannot write into.
public struct TraceTarget: Sendable, Equatable {
    public let path: String

    /// - Throws: `TraceTargetError` saying what is wrong with `path` and what to do.
    public static func check(_ named: String) throws(TraceTargetError) -> TraceTarget {
        guard !named.isEmpty else { throw TraceTargetError("--trace needs a file name") }
        var path = named
        if !named.hasPrefix("/") {
            // A relative name is relative to a current folder that still exists, or refused:
            // with it deleted, the name would be resolved against "/".
            guard let folder = getcwd(nil, 0) else {
                throw TraceTargetError("\(named): the current folder no longer exists; give the trace a full path")
            }
            path = (String(cString: folder) as NSString).appendingPathComponent(named)
            free(folder)
        }
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                guard status.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH) != 0 else {
                    throw TraceTargetError("\(named) is read-only: choose another file, or make it writable first")
                }
            case S_IFDIR:
                throw TraceTargetError("\(named) is a folder: name a file in it, such as \((named as NSString).appendingPathComponent("run.trace.json"))")
            default:
                throw TraceTargetError("\(named) is not a regular file (a device, pipe or socket): name a file for the trace")
            }
        } else {
            if let link = danglingLink(path) {
                throw TraceTargetError("\(named) is a link to \(link), which does not exist: name the file itself")
            }
            let folder = (path as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw TraceTargetError("\(named): the folder \(folder) does not exist")
            }
            guard access(folder, W_OK) == 0 else {
                throw TraceTargetError("\(named): cannot write into the folder \(folder) (\(String(cString: strerror(errno))))")
            }
        }
        return TraceTarget(path: path)
    }

    /// Where `path` leads when it is a symbolic link to nothing (renaming a new file over it
    /// would replace the link); nil otherwise.
    static func danglingLink(_ path: String) -> String? {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return nil }
        return (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "a missing file"
    }

    /// Writes a trace through `body`, always first into a new hidden file beside the target,
    /// so an interrupted or failed write leaves what was there untouched (and no part of a
    /// file behind). Once it is whole, a new target is renamed into place; an existing file
    /// gets the bytes copied into it in place, which keeps its mode, owner and links.
    public func write(_ body: (Int32) throws(ChromeTrace.WriteError) -> Void) throws(TraceTargetError) {
        var status = stat()
        let exists = stat(path, &status) == 0
        if exists, (status.st_mode & S_IFMT) != S_IFREG {
            throw TraceTargetError("\(path) is no longer a regular file: the trace was not written")
        }
        if !exists, let link = Self.danglingLink(path) {
            throw TraceTargetError("\(path) is a link to \(link), which does not exist: the trace was not written")
        }
        let folder = (path as NSString).deletingLastPathComponent
        var template = Array(((folder as NSString).appendingPathComponent(".tutor-trace-XXXXXX")).utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            throw TraceTargetError("could not write into \(folder): \(String(cString: strerror(errno)))")
        }
        let written = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(written) }
        do {
            try body(descriptor)
        } catch {
            close(descriptor)
            switch error {
            case .stopped: throw TraceTargetError("interrupted")
            case .failed(let code): throw TraceTargetError("could not write \(path): \(String(cString: strerror(code)))")
            }
        }
        if exists {
            defer { close(descriptor) }
            try copy(descriptor, into: path)
            return
        }
        guard close(descriptor) == 0 else {
            throw TraceTargetError("could not finish writing \(path): \(String(cString: strerror(errno)))")
        }
        // mkstemp makes the file 0600; a new trace gets the usual mode for new files.
        let mask = umask(0)
        umask(mask)
        chmod(written, 0o666 & ~mask)
        guard rename(written, path) == 0 else {
            throw TraceTargetError("could not put the trace at \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Copies the whole trace written to `source` into the existing file at `path`.
    private func copy(_ source: Int32, into path: String) throws(TraceTargetError) {
        let target = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard target >= 0 else { throw TraceTargetError("could not open \(path): \(String(cString: strerror(errno)))") }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: off_t = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(source, $0.baseAddress, $0.count, offset) }
            if count == 0 { break }
            guard count > 0 else {
                close(target)
                throw TraceTargetError("could not read back the trace for \(path): \(String(cString: strerror(errno)))")
            }
            var done = 0
            while done < count {
                let wrote = buffer.withUnsafeBytes { Glibc.write(target, $0.baseAddress! + done, count - done) }
                guard wrote > 0 else {
                    let code = errno
                    close(target)
                    throw TraceTargetError("could not write \(path): \(String(cString: strerror(code))); it is left partly written")
                }
                done += wrote
            }
            offset += off_t(count)
        }
        guard close(target) == 0 else {
            throw TraceTargetError("could not finish writing \(path): \(String(cString: strerror(errno)))")
        }
    }
}

public struct TraceTargetError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
