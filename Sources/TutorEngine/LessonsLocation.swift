import Foundation

/// Finds the lessons folder (and with it the sample light curves in `data/lightcurves`):
/// an explicit folder, then `$TUTOR_LESSONS`, then `./Lessons`, then the `Lessons/` of the
/// package this binary was built from, so `swift run tutor` works from any folder of a checkout.
public enum LessonsLocation {
    public static let environmentVariable = "TUTOR_LESSONS"

    public static func find(explicit: String? = nil) -> String? {
        let environment = ProcessInfo.processInfo.environment[environmentVariable]
        let candidates = [explicit, environment, "Lessons", packageLessons].compactMap { $0 }.filter { !$0.isEmpty }
        return candidates.first { isFolder($0) }
    }

    /// The shipped sample light curves, if the lessons folder is found.
    public static var sampleCurves: String? {
        find().map { ($0 as NSString).appendingPathComponent("data/lightcurves") }.flatMap { isFolder($0) ? $0 : nil }
    }

    /// `Lessons/` beside `Sources/` in the package this file was compiled in.
    static let packageLessons: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Lessons").path
    }()

    private static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }
}
