import Foundation

/// Turns the files and folders a user names into the list of light-curve files to process:
/// a folder stands for the `.lc` files directly in it, sorted by name.
public enum LightCurveFiles {
    public static let fileExtension = "lc"

    public static func expand(_ paths: [String]) throws(LightCurveError) -> [String] {
        let (files, problems) = expandEach(paths)
        if let first = problems.first { throw first }
        return files
    }

    /// The files of every path that can be read, and a problem for each that cannot: a
    /// missing path fails alone, and the others are still searched.
    public static func expandEach(_ paths: [String]) -> (files: [String], problems: [LightCurveError]) {
        var files: [String] = []
        var problems: [LightCurveError] = []
        let manager = FileManager.default
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0 else {
                // Missing, or behind a folder that may not be searched: say which.
                let reason = errno == ENOENT || errno == ENOTDIR ? "no such file or folder"
                    : "cannot be reached: \(String(cString: strerror(errno)))"
                problems.append(LightCurveError(file: path, line: nil, message: reason))
                continue
            }
            if (status.st_mode & S_IFMT) == S_IFDIR {
                do {
                    let names = try manager.contentsOfDirectory(atPath: path)
                    let curves = names.filter { $0.hasSuffix("." + fileExtension) }.sorted()
                    files += curves.map { (path as NSString).appendingPathComponent($0) }
                } catch {
                    problems.append(LightCurveError(file: path, line: nil, message: "cannot read this folder: \(error.localizedDescription)"))
                }
            } else {
                files.append(path)
            }
        }
        return (files, problems)
    }

    /// Reads and parses one file; errors name the file and line.
    public static func load(_ path: String) throws(LightCurveError) -> LightCurve {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LightCurveError(file: path, line: nil, message: "cannot read this file")
        }
        return try LightCurveParser.parse(Array(data), name: path)
    }
}
