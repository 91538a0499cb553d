/// Which columns of a table or FITS file hold the light curve: the ones the user named, or,
/// for each left nil, the first of the names surveys use (`ColumnNames`); and which band to keep.
public struct ColumnChoice: Sendable, Equatable {
    public var time: String?
    public var value: String?
    public var error: String?
    public var band: String?

    public init(time: String? = nil, value: String? = nil, error: String? = nil, band: String? = nil) {
        self.time = time
        self.value = value
        self.error = error
        self.band = band
    }

    public static let automatic = ColumnChoice()

    /// The options that give `tutor periods` and `tutor worker` this choice.
    public var arguments: [String] {
        [("--time-column", time), ("--value-column", value), ("--error-column", error), ("--band", band)]
            .flatMap { option, value in value.map { [option, $0] } ?? [] }
    }
}

/// The column names surveys give their light curves, most specific first (matched ignoring case).
enum ColumnNames {
    static let time = ["time", "mjd", "hjd", "bjd", "jd", "btjd", "t"]
    static let value = ["mag", "magnitude", "flux", "pdcsap_flux", "sap_flux"]
    static let error = ["magerr", "mag_err", "err", "e_mag", "sigma", "flux_err", "pdcsap_flux_err"]
    static let band = ["filtercode", "filter", "band"]
    /// ZTF's per-epoch quality bits: 0 is a good epoch.
    static let flags = ["catflags"]

    /// The error column that goes with `value`: its own (`flux` → `flux_err`) if there is one,
    /// else the first of the usual names.
    static func error(for value: String) -> [String] {
        let own = ["\(value)_err", "\(value)err", "e_\(value)", "\(value)_error"]
        return own + error
    }

    /// The index of the first of `wanted` among `names`, ignoring case.
    static func find(_ wanted: [String], in names: [String]) -> Int? {
        let lowered = names.map { $0.lowercased() }
        for name in wanted {
            if let index = lowered.firstIndex(of: name.lowercased()) { return index }
        }
        return nil
    }
}

/// What a reader took from a file and what it left out, said in the output:
/// "mjd, mag ± magerr, band zr: 180 of 200 rows (12 flagged, 8 in other bands)".
public struct ReadSummary: Sendable, Equatable {
    public var time: String
    public var value: String
    public var error: String
    public var band: String?
    /// Data rows in the file (or table).
    public var rows: Int
    /// Why rows were left out, with how many, in the order of `reasons`.
    public var dropped: [(reason: String, count: Int)]

    /// The reasons readers leave a row out, in the order a summary lists them: the survey's
    /// own marks first, then what tutor's choice of band leaves out.
    static let reasons = ["flagged", "upper limits", "missing or NaN", "with an error ≤ 0 or an infinite value", "in other bands"]

    public static func == (a: ReadSummary, b: ReadSummary) -> Bool {
        a.time == b.time && a.value == b.value && a.error == b.error && a.band == b.band && a.rows == b.rows
            && a.dropped.map(\.reason) == b.dropped.map(\.reason) && a.dropped.map(\.count) == b.dropped.map(\.count)
    }

    public var kept: Int { rows - dropped.reduce(0) { $0 + $1.count } }

    mutating func drop(_ reason: String) {
        if let index = dropped.firstIndex(where: { $0.reason == reason }) {
            dropped[index].count += 1
        } else {
            dropped.append((reason, 1))
            dropped.sort { (Self.reasons.firstIndex(of: $0.reason) ?? 99) < (Self.reasons.firstIndex(of: $1.reason) ?? 99) }
        }
    }

    public var description: String {
        var text = "\(time), \(value) ± \(error)"
        if let band { text += ", band \(band)" }
        text += ": \(Self.grouped(kept)) of \(Self.grouped(rows)) rows"
        if !dropped.isEmpty {
            text += " (" + dropped.map { "\(Self.grouped($0.count)) \($0.reason)" }.joined(separator: ", ") + ")"
        }
        return text
    }

    /// 18211 as "18,211".
    public static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (number < 0 ? "-" : "") + result
    }
}
