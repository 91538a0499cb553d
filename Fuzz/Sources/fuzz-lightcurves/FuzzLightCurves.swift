import TutorAstro

/// libFuzzer's entry: parses the input as a `.lc` file. A curve or a `file:line` error are both
/// fine; a crash, a hang, an error outside the file's lines or a curve with unusable numbers
/// is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLightCurves(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let curve = try LightCurveParser.parse(bytes, name: "fuzz.lc")
        precondition(curve.count >= LightCurveParser.minimumPoints)
        precondition(curve.times.allSatisfy(\.isFinite) && curve.magnitudes.allSatisfy(\.isFinite))
        precondition(curve.errors.allSatisfy { $0 > 0 && $0.isFinite })
    } catch {
        let lines = bytes.reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
        precondition(error.line.map { (1...lines).contains($0) } ?? false, "error outside the file: \(error)")
    }
    return 0
}
