import Foundation

/// A file that lists the files of a job, one path per line (blank lines and lines starting
/// with `#` are skipped): what `tutor cluster plan` writes, and `--manifest` reads, so every
/// task of an array sees the same list however the folders change meanwhile.
public enum Manifest {
    public static func read(_ path: String) throws(ManifestError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ManifestError("\(path): cannot read this manifest")
        }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            let path = line.trimmingCharacters(in: .whitespaces)
            return path.isEmpty || path.hasPrefix("#") ? nil : path
        }
    }

    /// The text of a manifest of `files`, one per line after a comment saying what it is.
    public static func text(_ files: [String]) -> String {
        "# tutor manifest: the light-curve files of one job, one per line\n" + files.map { $0 + "\n" }.joined()
    }
}

public struct ManifestError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
