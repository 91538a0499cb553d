import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a trace may be written: a path the user named, checked before the run so a bad one
/// costs nothing, and written so that what was there stays as the user had it.
///
/// A path that names nothing yet gets a new file, written whole and then renamed into place.
/// An existing regular file is rewritten in place, which keeps its mode, its owner, its hard
/// links and any symbolic link that led to it (renaming over it would replace them all).
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

    /// Writes a trace through `body`: into the existing file in place, or as a new file made
    /// whole first (a hidden file beside it, renamed into place once written; removed if the
    /// write failed or was stopped).
    public func write(_ body: (Int32) throws(ChromeTrace.WriteError) -> Void) throws(TraceTargetError) {
        var status = stat()
        let exists = stat(path, &status) == 0
        if exists, (status.st_mode & S_IFMT) != S_IFREG {
            throw TraceTargetError("\(path) is no longer a regular file: the trace was not written")
        }
        let folder = (path as NSString).deletingLastPathComponent
        var template = Array(((folder as NSString).appendingPathComponent(".tutor-trace-XXXXXX")).utf8CString)
        let descriptor = exists ? open(path, O_WRONLY | O_TRUNC | O_CLOEXEC) : mkstemp(&template)
        guard descriptor >= 0 else {
            throw TraceTargetError("could not open \(exists ? path : folder): \(String(cString: strerror(errno)))")
        }
        // The new file being written, when the target did not exist.
        let written: String? = exists ? nil : String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do {
            try body(descriptor)
        } catch {
            close(descriptor)
            if let written { unlink(written) }
            switch error {
            case .stopped: throw TraceTargetError("interrupted")
            case .failed(let code): throw TraceTargetError("could not write \(path): \(String(cString: strerror(code)))")
            }
        }
        guard close(descriptor) == 0 else {
            let code = errno
            if let written { unlink(written) }
            throw TraceTargetError("could not finish writing \(path): \(String(cString: strerror(code)))")
        }
        if let written {
            // mkstemp makes the file 0600; a new trace gets the usual mode for new files.
            let mask = umask(0)
            umask(mask)
            chmod(written, 0o666 & ~mask)
            guard rename(written, path) == 0 else {
                let code = errno
                unlink(written)
                throw TraceTargetError("could not put the trace at \(path): \(String(cString: strerror(code)))")
            }
        }
    }
}

public struct TraceTargetError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
