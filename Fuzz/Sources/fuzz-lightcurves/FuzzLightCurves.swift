import TutorAstro

/// A small grid: the fuzzer checks that a search ends in a sound peak or a named failure, not
/// how fast it is.
let fuzzGrid = FrequencyGrid(minimum: 0.05, maximum: 10, count: 16)

/// libFuzzer's entry: parses the input as a `.lc` file and as a survey table (CSV, TSV or
/// spaces with a header), and searches a curve that parses. A curve, a `file:line` error, a
/// whole-file error (too few points, one time for all, several bands) and a search that fails
/// with its reason are all fine; a crash, a hang, an error outside the file's lines, a curve
/// with unusable numbers, a summary that does not add up or a power outside 0…1 is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLightCurves(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let lines = bytes.reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
    do {
        check(try LightCurveParser.parse(bytes, name: "fuzz.lc"))
    } catch {
        checkError(error, lines: lines, name: "fuzz.lc")
    }
    do {
        let (curve, summary) = try SurveyTableParser.parse(bytes, name: "fuzz.csv")
        precondition(summary.kept == curve.count, "summary \(summary) for \(curve.count) points")
        precondition(summary.rows >= summary.kept && summary.dropped.allSatisfy { $0.count > 0 })
        check(curve)
    } catch {
        checkError(error, lines: lines, name: "fuzz.csv")
    }
    return 0
}

private func checkError(_ error: LightCurveError, lines: Int, name: String) {
    if let line = error.line {
        precondition((1...lines).contains(line), "error outside the file: \(error)")
    } else {
        precondition(error.description.hasPrefix("\(name): "), "a whole-file error names its file: \(error)")
    }
}

private func check(_ curve: LightCurve) {
    precondition(curve.count >= LightCurveParser.minimumPoints)
    precondition(curve.times.allSatisfy(\.isFinite) && curve.magnitudes.allSatisfy(\.isFinite))
    precondition(curve.errors.allSatisfy { $0 > 0 && $0.isFinite })
    if let peak = try? Periodogram(curve, grid: fuzzGrid).search() {
        precondition(peak.power.isFinite && peak.power >= 0 && peak.power <= 1 + 1e-9, "power \(peak.power)")
    }
}
