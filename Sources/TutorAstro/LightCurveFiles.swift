import Foundation

/// Turns the files and folders a user names into the list of light-curve files to process:
/// a folder stands for the `.lc` files directly in it, sorted by name.
public enum LightCurveFiles {
    public static let fileExtension = "lc"

    public static func expand(_ paths: [String]) throws(LightCurveError) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw LightCurveError(file: path, line: nil, message: "no such file or folder")
            }
            if isFolder.boolValue {
                guard let names = try? manager.contentsOfDirectory(atPath: path) else {
                    throw LightCurveError(file: path, line: nil, message: "cannot read this folder")
                }
                let curves = names.filter { $0.hasSuffix("." + fileExtension) }.sorted()
                files += curves.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// Reads and parses one file; errors name the file and line.
    public static func load(_ path: String) throws(LightCurveError) -> LightCurve {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LightCurveError(file: path, line: nil, message: "cannot read this file")
        }
        return try LightCurveParser.parse(Array(data), name: path)
    }
}
