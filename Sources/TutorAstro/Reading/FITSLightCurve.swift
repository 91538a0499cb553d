import CFITSIO

/// Reads a light curve from a FITS binary table with CFITSIO, as TESS and Kepler give them:
/// the `LIGHTCURVE` extension (or else the first binary table), `TIME` with `PDCSAP_FLUX` and
/// `PDCSAP_FLUX_ERR` (else `SAP_FLUX`, else the usual text-table names), rows with `QUALITY` ≠ 0
/// or a NaN left out and counted. `.fits.gz` is read as it is (CFITSIO decompresses it).
///
/// Errors say `file: HDU n: message`, n counted as astropy's `hdul[n]` (0 is the primary HDU).
public enum FITSLightCurve {
    static let extensionName = "LIGHTCURVE"
    static let values = ["PDCSAP_FLUX", "SAP_FLUX"] + ColumnNames.value
    static let quality = "QUALITY"

    /// Whether `path` names a FITS file, by its name.
    public static func matches(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return [".fits", ".fits.gz", ".fit", ".fts"].contains { lowered.hasSuffix($0) }
    }

    public static func load(_ path: String, columns choice: ColumnChoice = .automatic)
        throws(LightCurveError) -> (curve: LightCurve, summary: ReadSummary) {
        let fits: CFITSIOLibrary
        switch CFITSIOLibrary.shared {
        case .success(let library): fits = library
        case .failure(let failure): throw LightCurveError(file: path, line: nil, message: failure.reason)
        }
        var file: UnsafeMutablePointer<fitsfile>?
        var status: Int32 = 0
        // The disk-file open: a name is a name, not CFITSIO's extended syntax ("x.fits[1]").
        _ = fits.diskOpen(&file, path, READONLY, &status)
        guard status == 0, let file else { throw failure(fits, path, nil, status, "cannot open this FITS file") }
        defer {
            var closing: Int32 = 0
            _ = fits.close(file, &closing)
        }
        let table = try moveToTable(fits, file, path)
        let names = try columnNames(fits, file, path, table)
        let found = names.joined(separator: ", ")
        func column(_ chosen: String?, _ usual: [String], meaning: String, option: String) throws(LightCurveError) -> Int {
            if let chosen {
                guard let index = ColumnNames.find([chosen], in: names) else {
                    throw LightCurveError(file: path, line: nil, message: "HDU \(table): no column '\(chosen)' (\(option)); found: \(found)")
                }
                return index
            }
            guard let index = ColumnNames.find(usual, in: names) else {
                throw LightCurveError(file: path, line: nil,
                                      message: "HDU \(table): no \(meaning) column; found: \(found) — pass \(option) NAME")
            }
            return index
        }
        let time = try column(choice.time, ["TIME"] + ColumnNames.time, meaning: "time", option: "--time-column")
        let value = try column(choice.value, values, meaning: "flux or magnitude", option: "--value-column")
        let error = try column(choice.error, ColumnNames.error(for: names[value]), meaning: "error", option: "--error-column")
        var rows = 0
        _ = fits.rowCount(file, &rows, &status)
        guard status == 0 else { throw failure(fits, path, table, status, "cannot read the table's number of rows") }
        let times = try read(fits, file, path, table, column: time, rows: rows)
        let fluxes = try read(fits, file, path, table, column: value, rows: rows)
        let errors = try read(fits, file, path, table, column: error, rows: rows)
        let flags = try ColumnNames.find([quality], in: names).map { column throws(LightCurveError) in
            try read(fits, file, path, table, column: column, rows: rows)
        }
        var summary = ReadSummary(time: names[time], value: names[value], error: names[error], band: nil, rows: rows, dropped: [])
        var kept: (times: [Double], values: [Double], errors: [Double]) = ([], [], [])
        for row in 0..<rows {
            if let flags, flags[row] != 0, !flags[row].isNaN {
                summary.drop("flagged")
            } else if times[row].isNaN || fluxes[row].isNaN || errors[row].isNaN {
                summary.drop("missing or NaN")
            } else if errors[row] <= 0 || !errors[row].isFinite || !fluxes[row].isFinite || !times[row].isFinite {
                summary.drop("with an error ≤ 0 or an infinite value")
            } else {
                kept.times.append(times[row])
                kept.values.append(fluxes[row])
                kept.errors.append(errors[row])
            }
        }
        let curve = try LightCurve.checked(name: path, times: kept.times, magnitudes: kept.values, errors: kept.errors)
        return (curve, summary)
    }

    /// Moves to the `LIGHTCURVE` extension or the first binary table; returns its number.
    private static func moveToTable(_ fits: CFITSIOLibrary, _ file: UnsafeMutablePointer<fitsfile>, _ path: String) throws(LightCurveError) -> Int {
        var status: Int32 = 0
        var name = Array(extensionName.utf8CString)
        _ = fits.moveToNamed(file, BINARY_TBL, &name, 0, &status)
        var number: Int32 = 0
        if status == 0 { return Int(fits.hduNumber(file, &number)) - 1 }
        status = 0
        var count: Int32 = 0
        _ = fits.hduCount(file, &count, &status)
        for index in stride(from: 2, through: max(count, 1), by: 1) {
            var type: Int32 = 0
            status = 0
            _ = fits.moveToNumber(file, index, &type, &status)
            if status == 0, type == BINARY_TBL { return Int(index) - 1 }
        }
        throw LightCurveError(file: path, line: nil, message: "no binary table (a light curve is one; e.g. a TESS LIGHTCURVE extension)")
    }

    private static func columnNames(_ fits: CFITSIOLibrary, _ file: UnsafeMutablePointer<fitsfile>, _ path: String, _ table: Int) throws(LightCurveError) -> [String] {
        var status: Int32 = 0
        var count: Int32 = 0
        _ = fits.columnCount(file, &count, &status)
        guard status == 0 else { throw failure(fits, path, table, status, "cannot read the table's columns") }
        var names: [String] = []
        for index in 1...max(count, 1) where count > 0 {
            var value = [CChar](repeating: 0, count: Int(FLEN_VALUE) + 1)
            _ = fits.keyword(file, "TTYPE\(index)", &value, nil, &status)
            guard status == 0 else { throw failure(fits, path, table, status, "cannot read the name of column \(index)") }
            names.append(String(decoding: value.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// Column `column` (0-based) as doubles, with NaN for undefined values.
    private static func read(_ fits: CFITSIOLibrary, _ file: UnsafeMutablePointer<fitsfile>, _ path: String, _ table: Int, column: Int, rows: Int)
        throws(LightCurveError) -> [Double] {
        var values = [Double](repeating: .nan, count: rows)
        guard rows > 0 else { return values }
        var status: Int32 = 0
        var null = Double.nan
        var anyNull: Int32 = 0
        _ = fits.readColumn(file, TDOUBLE, Int32(column + 1), 1, 1, Int64(rows), &null, &values, &anyNull, &status)
        guard status == 0 else { throw failure(fits, path, table, status, "cannot read column \(column + 1) as numbers") }
        return values
    }

    private static func failure(_ fits: CFITSIOLibrary, _ path: String, _ table: Int?, _ status: Int32, _ what: String) -> LightCurveError {
        var text = [CChar](repeating: 0, count: Int(FLEN_STATUS) + 1)
        fits.errorText(status, &text)
        let reason = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let place = table.map { "HDU \($0): " } ?? ""
        return LightCurveError(file: path, line: nil, message: "\(place)\(what) (CFITSIO: \(reason))")
    }
}
