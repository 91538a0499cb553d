import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private folder for one observed run: the probe as `sitecustomize.py` (put first on the
/// program's PYTHONPATH) with its line stepping, `tutor_lines.py`, and the file the probe
/// writes its records to. Removed afterwards.
struct ProbeFolder {
    let path: String

    var records: String { path + "/records.tsv" }

    init() throws {
        path = try PrivateFolder.make("tutor-python")
        guard FileManager.default.createFile(atPath: path + "/sitecustomize.py", contents: Data(PackageResources.sitecustomize_py)),
              FileManager.default.createFile(atPath: path + "/tutor_lines.py", contents: Data(PackageResources.tutor_lines_py)),
              FileManager.default.createFile(atPath: records, contents: nil) else {
            remove()
            throw EngineError.spawn("the Python probe in \(path)", errno)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
