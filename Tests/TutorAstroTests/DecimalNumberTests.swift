import Testing
@testable import TutorAstro

/// The byte reader reads every number exactly as Swift's own `Double(String)` does (both
/// correctly rounded), on the fast path and off it.
@Suite struct DecimalNumberTests {
    func parse(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalNumber.parse($0) }
    }

    func same(_ text: String) -> Bool {
        let expected = Double(text), actual = parse(text)
        if let expected, let actual {
            return expected.bitPattern == actual.bitPattern || (expected.isNaN && actual.isNaN)
        }
        return expected == nil && actual == nil
    }

    @Test func randomDecimalsReadBitForBitAsSwiftReadsThem() {
        var random = SplitMix64(seed: 77)
        let digits = Array("0123456789")
        for _ in 0..<50_000 {
            var text = Bool.random(using: &random) ? "-" : ""
            text += String((0..<Int.random(in: 0...9, using: &random)).map { _ in digits.randomElement(using: &random)! })
            if Bool.random(using: &random) {
                text += "." + String((0..<Int.random(in: 0...12, using: &random)).map { _ in digits.randomElement(using: &random)! })
            }
            if Int.random(in: 0..<4, using: &random) == 0 {
                text += ["e", "E", "e-", "e+"].randomElement(using: &random)! + String(Int.random(in: 0...330, using: &random))
            }
            #expect(same(text), "'\(text)': \(String(describing: parse(text))) vs \(String(describing: Double(text)))")
        }
    }

    @Test(arguments: ["0", "-0", "1.", ".5", "+.5e-3", "1e", ".", "-", "", "1e22", "1e23", "9007199254740993",
                      "123456789012345", "1234567890123456", "0.000000000000000000001", "1_000", "0x1p3", "inf", "nan",
                      "1.5e-400", "1e+9999", "58000.0912345678", " 1", "1 ", "1,5"])
    func edgeCasesReadAsSwiftReadsThem(text: String) {
        #expect(same(text), "'\(text)'")
    }
}
