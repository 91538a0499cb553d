import Foundation

/// Turns the files and folders a user names into the list of light-curve files to process, and
/// reads each in its format: a folder stands for the light-curve files directly in it (by their
/// endings, `suffixes`), sorted by name; a file named on its own is read whatever its name.
public enum LightCurveFiles {
    public static let fileExtension = "lc"
    /// The endings a folder's light-curve files have: tutor's own `.lc`, text tables, FITS.
    public static let suffixes = [".lc", ".csv", ".tsv", ".ecsv", ".fits", ".fits.gz", ".fit"]

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
                    let curves = names.filter { name in suffixes.contains { name.lowercased().hasSuffix($0) } }.sorted()
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

    /// Reads and parses one file, and says what it used; errors name the file and line.
    ///
    /// FITS by its name; `.lc` as tutor's own three columns (`columns` does not apply); anything
    /// else as a table with a header (CSV, TSV or spaces).
    public static func load(_ path: String, columns: ColumnChoice = .automatic)
        throws(LightCurveError) -> (curve: LightCurve, summary: ReadSummary) {
        if FITSLightCurve.matches(path) { return try FITSLightCurve.load(path, columns: columns) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LightCurveError(file: path, line: nil, message: "cannot read this file")
        }
        if path.lowercased().hasSuffix("." + fileExtension) {
            // Its three columns are fixed: a choice of columns is for the tables beside it.
            let curve = try LightCurveParser.parse(Array(data), name: path)
            return (curve, ReadSummary(time: "time", value: "magnitude", error: "error", band: nil, rows: curve.count, dropped: []))
        }
        return try SurveyTableParser.parse(Array(data), name: path, columns: columns)
    }
}
