/// Reads a light curve from a text table with a header line, as surveys give them: CSV (ZTF,
/// ASAS-SN), TSV, or columns separated by spaces. Lines starting with `#` before or inside the
/// table are comments (ECSV's header is one).
///
/// Columns are found by name (`ColumnChoice`, `ColumnNames`). Rows a survey marks as bad are
/// left out and counted, never silently: ZTF's `catflags` ≠ 0, ASAS-SN's upper limits (a
/// magnitude written `>14.8`, or an error of 99.99), and rows with a missing or NaN value.
/// Anything else that is not a number is an error at its line, naming what to change.
public enum SurveyTableParser {
    public static func parse(_ bytes: [UInt8], name: String, columns choice: ColumnChoice = .automatic)
        throws(LightCurveError) -> (curve: LightCurve, summary: ReadSummary) {
        try ByteLines.validate(bytes, name: name)
        var table: Table?
        var rows: [Row] = []
        let result: Result<Void, LightCurveError> = bytes.withUnsafeBufferPointer { buffer in
            var fields: [UnsafeBufferPointer<UInt8>] = []
            do throws(LightCurveError) {
                try ByteLines(bytes: buffer).forEach { (number, line) throws(LightCurveError) in
                    let content = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                    if content.isEmpty || content.first == UInt8(ascii: "#") { return true }
                    guard let header = table else {
                        table = try Table(header: line, number: number, name: name, choice: choice)
                        return true
                    }
                    header.split(line, into: &fields)
                    rows.append(try header.row(fields, line: number, name: name))
                    return true
                }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
        guard let table else {
            throw LightCurveError(file: name, line: nil, message: "no header line: a table needs one naming its columns (e.g. mjd,mag,magerr)")
        }
        return try table.curve(rows, name: name, band: choice.band)
    }

    /// One data line's numbers and marks.
    struct Row {
        var time: Double
        var value: Double
        var error: Double
        var band: String?
        /// Why the row is left out, if it is.
        var dropped: String?
    }

    /// The header: how fields are separated and which are which.
    struct Table {
        enum Separator { case comma, tab, spaces }

        let separator: Separator
        let names: [String]
        let time: Int, value: Int, error: Int
        let band: Int?
        let flags: Int?

        init(header: UnsafeBufferPointer<UInt8>, number: Int, name: String, choice: ColumnChoice) throws(LightCurveError) {
            separator = header.contains(UInt8(ascii: ",")) ? .comma : header.contains(UInt8(ascii: "\t")) ? .tab : .spaces
            var fields: [UnsafeBufferPointer<UInt8>] = []
            Self.split(header, separator, into: &fields)
            let names = fields.map { ByteLines.text($0) }
            self.names = names
            func column(_ chosen: String?, _ usual: [String], meaning: String, option: String) throws(LightCurveError) -> Int {
                if let chosen {
                    guard let index = ColumnNames.find([chosen], in: names) else {
                        throw LightCurveError(file: name, line: number,
                                              message: "no column '\(chosen)' (\(option)); found: \(names.joined(separator: ", "))")
                    }
                    return index
                }
                guard let index = ColumnNames.find(usual, in: names) else {
                    throw LightCurveError(file: name, line: number,
                                          message: "no \(meaning) column; found: \(names.joined(separator: ", ")) — pass \(option) NAME")
                }
                return index
            }
            time = try column(choice.time, ColumnNames.time, meaning: "time", option: "--time-column")
            value = try column(choice.value, ColumnNames.value, meaning: "magnitude or flux", option: "--value-column")
            error = try column(choice.error, ColumnNames.error(for: names[value]), meaning: "error", option: "--error-column")
            band = ColumnNames.find(ColumnNames.band, in: names)
            flags = ColumnNames.find(ColumnNames.flags, in: names)
            if choice.band != nil, band == nil {
                throw LightCurveError(file: name, line: number,
                                      message: "--band was given but there is no band column (\(ColumnNames.band.joined(separator: ", "))); found: \(names.joined(separator: ", "))")
            }
        }

        func split(_ line: UnsafeBufferPointer<UInt8>, into fields: inout [UnsafeBufferPointer<UInt8>]) {
            Self.split(line, separator, into: &fields)
        }

        /// The fields of a line, trimmed of spaces and of one pair of double quotes. A comma
        /// inside double quotes does not separate.
        static func split(_ line: UnsafeBufferPointer<UInt8>, _ separator: Separator, into fields: inout [UnsafeBufferPointer<UInt8>]) {
            let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), quote = UInt8(ascii: "\"")
            switch separator {
            case .spaces:
                line.fields(into: &fields) { $0 == space || $0 == tab }
                for index in fields.indices { fields[index] = unquoted(fields[index]) }
            case .comma, .tab:
                fields.removeAll(keepingCapacity: true)
                let mark = separator == .comma ? UInt8(ascii: ",") : tab
                var start = 0, quoted = false
                for index in 0...line.count {
                    if index < line.count {
                        if line[index] == quote { quoted.toggle() }
                        if line[index] != mark || quoted { continue }
                    }
                    var field = UnsafeBufferPointer(rebasing: line[start..<index])
                    while let first = field.first, first == space || first == tab { field = UnsafeBufferPointer(rebasing: field.dropFirst()) }
                    while let last = field.last, last == space || last == tab { field = UnsafeBufferPointer(rebasing: field.dropLast()) }
                    fields.append(unquoted(field))
                    start = index + 1
                }
            }
        }

        private static func unquoted(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            let quote = UInt8(ascii: "\"")
            guard field.count >= 2, field.first == quote, field.last == quote else { return field }
            return UnsafeBufferPointer(rebasing: field.dropFirst().dropLast())
        }

        func row(_ fields: [UnsafeBufferPointer<UInt8>], line: Int, name: String) throws(LightCurveError) -> Row {
            guard fields.count == names.count else {
                throw LightCurveError(file: name, line: line,
                                      message: "expected \(names.count) fields as the header names, found \(fields.count)")
            }
            var row = Row(time: .nan, value: .nan, error: .nan, band: band.map { ByteLines.text(fields[$0]) })
            if let flags, let flag = DecimalNumber.parse(fields[flags]), flag != 0 { row.dropped = "flagged" }
            let valueField = fields[value]
            if let first = valueField.first, first == UInt8(ascii: ">") || first == UInt8(ascii: "<") {
                row.dropped = row.dropped ?? "upper limits"
                return row
            }
            for (index, meaning) in [(time, "time"), (value, "value"), (error, "error")] {
                let field = fields[index]
                let number: Double
                if field.isEmpty || Self.isMissing(field) {
                    number = .nan
                } else {
                    guard let parsed = DecimalNumber.parse(field), !parsed.isInfinite else {
                        throw LightCurveError(file: name, line: line,
                                              message: "\(meaning) (column \(names[index])) is not a number: '\(ByteLines.text(field).prefix(40))'")
                    }
                    number = parsed
                }
                switch meaning {
                case "time": row.time = number
                case "value": row.value = number
                default: row.error = number
                }
            }
            if row.time.isNaN || row.value.isNaN || row.error.isNaN {
                row.dropped = row.dropped ?? "missing or NaN"
            } else if row.error == 99.99 {
                row.dropped = row.dropped ?? "upper limits"
            } else if row.error <= 0, row.dropped == nil {
                throw LightCurveError(file: name, line: line, message: "error (column \(names[error])) must be > 0, not \(row.error)")
            }
            return row
        }

        /// Words tables use for "no value".
        private static func isMissing(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
            guard field.count <= 4 else { return false }
            return ["nan", "null", "na", "--", "none"].contains(ByteLines.text(field).lowercased())
        }

        /// The curve of the rows kept, in one band.
        func curve(_ rows: [Row], name: String, band chosen: String?) throws(LightCurveError) -> (curve: LightCurve, summary: ReadSummary) {
            var keptBand = chosen
            if band != nil, chosen == nil {
                var counts: [(String, Int)] = []
                for row in rows where row.dropped == nil {
                    let value = row.band ?? ""
                    if let index = counts.firstIndex(where: { $0.0 == value }) { counts[index].1 += 1 } else { counts.append((value, 1)) }
                }
                if counts.count > 1 {
                    let listed = counts.map { "\($0.0) (\($0.1) rows)" }.joined(separator: ", ")
                    throw LightCurveError(file: name, line: nil,
                                          message: "\(counts.count) bands in one file: \(listed); pick one with --band NAME")
                }
                keptBand = counts.first?.0
            }
            var summary = ReadSummary(time: names[time], value: names[value], error: names[error], band: keptBand,
                                      rows: rows.count, dropped: [])
            var times: [Double] = [], values: [Double] = [], errors: [Double] = []
            for row in rows {
                if let reason = row.dropped {
                    summary.drop(reason)
                } else if let chosen, row.band?.lowercased() != chosen.lowercased() {
                    summary.drop("in other bands")
                } else {
                    times.append(row.time)
                    values.append(row.value)
                    errors.append(row.error)
                }
            }
            if let chosen, times.isEmpty, summary.dropped.contains(where: { $0.reason == "in other bands" }) {
                let found = Set(rows.compactMap(\.band)).sorted().joined(separator: ", ")
                throw LightCurveError(file: name, line: nil, message: "no rows in band '\(chosen)'; the bands here: \(found)")
            }
            let curve = try LightCurve.checked(name: name, times: times, magnitudes: values, errors: errors)
            return (curve, summary)
        }
    }
}
