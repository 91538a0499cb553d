import CFITSIO
import Foundation

/// Writes a FITS file as TESS's light-curve files are laid out: an empty primary HDU and a
/// binary table of double columns, with CFITSIO itself (the reader's library, but its writing
/// half: the fixture's layout is what the FITS standard says, not what the reader expects).
public enum FITSFixture {
    public static func write(_ path: String, extensionName: String = "LIGHTCURVE", columns: [(name: String, values: [Double])]) throws {
        var file: UnsafeMutablePointer<fitsfile>?
        var status: Int32 = 0
        // "!" asks CFITSIO to replace an existing file.
        ffinit(&file, "!" + path, &status)
        var axes: [Int] = []
        ffcrim(file, 8, 0, &axes, &status)
        let names = columns.map { strdup($0.name) }
        let forms = columns.map { _ in strdup("D") }
        let units = columns.map { _ in strdup("") }
        defer { (names + forms + units).forEach { free($0) } }
        var namePointers = names, formPointers = forms, unitPointers = units
        ffcrtb(file, BINARY_TBL, 0, Int32(columns.count), &namePointers, &formPointers, &unitPointers, extensionName, &status)
        for (index, column) in columns.enumerated() {
            var values = column.values
            ffpcl(file, TDOUBLE, Int32(index + 1), 1, 1, Int64(values.count), &values, &status)
        }
        ffclos(file, &status)
        guard status == 0 else { throw FixtureError(status: status) }
    }

    /// A FITS file with only an empty primary image: no table at all.
    public static func writeWithoutTable(_ path: String) throws {
        var file: UnsafeMutablePointer<fitsfile>?
        var status: Int32 = 0
        ffinit(&file, "!" + path, &status)
        var axes: [Int] = []
        ffcrim(file, 8, 0, &axes, &status)
        ffclos(file, &status)
        guard status == 0 else { throw FixtureError(status: status) }
    }

    public struct FixtureError: Error { public var status: Int32 }
}
