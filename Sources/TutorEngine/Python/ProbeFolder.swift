import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private folder for one observed run: the probe as `sitecustomize.py` (put first on the
/// program's PYTHONPATH) and the file the probe writes its records to. Removed afterwards.
struct ProbeFolder {
    let path: String

    var records: String { path + "/records.tsv" }

    init() throws {
        path = try PrivateFolder.make("tutor-python")
        let probe = Data(PackageResources.sitecustomize_py)
        guard FileManager.default.createFile(atPath: path + "/sitecustomize.py", contents: probe),
              FileManager.default.createFile(atPath: records, contents: nil) else {
            remove()
            throw EngineError.spawn("the Python probe in \(path)", errno)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
