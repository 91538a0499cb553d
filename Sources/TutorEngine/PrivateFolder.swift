import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A new folder only this process knows the name of (`mkdtemp`, mode 0700) under `base`, by
/// default `$TMPDIR` (or /tmp): for the files of one run, removed by whoever made it.
public enum PrivateFolder {
    public static func make(_ prefix: String, in chosen: String? = nil) throws -> String {
        let base = chosen ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array(((base as NSString).appendingPathComponent(prefix + "-XXXXXX")).utf8CString)
        guard let made = mkdtemp(&template) else { throw EngineError.folder(base, errno) }
        return String(cString: made)
    }
}
