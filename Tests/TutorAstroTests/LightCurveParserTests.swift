import Testing
import TutorAstro

@Suite struct LightCurveParserTests {
    func parse(_ text: String) throws(LightCurveError) -> LightCurve {
        try LightCurveParser.parse(Array(text.utf8), name: "star.lc")
    }

    @Test func commentsBlankLinesTabsAndCRLFAreAccepted() throws {
        let curve = try parse("# a comment\n\n1.0 12.5 0.01\r\n  2.5\t12.7  0.02\n# another\n3 12.6 0.015\n")
        #expect(curve.times == [1.0, 2.5, 3])
        #expect(curve.magnitudes == [12.5, 12.7, 12.6])
        #expect(curve.errors == [0.01, 0.02, 0.015])
    }

    @Test func aByteOrderMarkAtTheStartIsNotPartOfTheFirstNumber() throws {
        let curve = try parse("\u{FEFF}0.000000 12.5 0.01\n1 12.7 0.02\n2 12.6 0.015\n")
        #expect(curve.times == [0, 1, 2])
    }

    @Test(arguments: [
        ("1 2 0.1\n2 3\n", "star.lc:2: expected 3 numbers (time, magnitude, error), found 2 fields"),
        ("1 2 0.1\n2 3 0.1 4\n", "star.lc:2: expected 3 numbers (time, magnitude, error), found 4 fields"),
        ("1 2 0.1\n2 x 0.1\n", "star.lc:2: magnitude is not a finite number: 'x'"),
        ("1 2 0.1\nnan 2 0.1\n", "star.lc:2: time is not a finite number: 'nan'"),
        ("1 2 0.1\n2 2 inf\n", "star.lc:2: error is not a finite number: 'inf'"),
        ("# header\n1 2 0\n", "star.lc:2: error must be > 0, not 0"),
        ("1 2 -0.5\n", "star.lc:1: error must be > 0, not -0.5"),
        ("# only\n1 2 0.1\n2 2 0.1\n", "star.lc: only 2 data points; a period search needs at least 3"),
        ("1 2 0.1\n", "star.lc: only 1 data point; a period search needs at least 3"),
        ("", "star.lc: only 0 data points; a period search needs at least 3"),
        ("5 1 0.1\n5 2 0.1\n5 3 0.1\n", "star.lc: all points have the same time"),
        ("1 2\n", "star.lc:1: expected 3 numbers (time, magnitude, error), found 2 fields"),
        ("1\n", "star.lc:1: expected 3 numbers (time, magnitude, error), found 1 field"),
    ])
    func errorsNameTheFileAndLine(text: String, message: String) {
        #expect(throws: LightCurveError.self) { try parse(text) }
        do { _ = try parse(text) } catch { #expect(error.description == message) }
    }

    @Test func invalidUTF8IsReportedAtItsLine() {
        let bytes = Array("1 2 0.1\n2 3 0.1\n".utf8) + [0xFF, 0xFE] + Array(" 3 0.1\n".utf8)
        do {
            _ = try LightCurveParser.parse(bytes, name: "bad.lc")
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.description == "bad.lc:3: not valid UTF-8 text")
        }
    }
}

/// A value quoted in an error shows the characters that draw nothing: a byte-order mark in
/// the middle of a file, a no-break space, a direction override that would turn the line.
@Suite struct InvisibleCharacterTests {
    @Test(arguments: [("\u{FEFF}2.0", "\\u{FEFF}2.0"), ("2\u{00A0}0", "2\\u{A0}0"), ("ab\u{202E}cd", "ab\\u{202E}cd"),
                      ("x\u{200B}y", "x\\u{200B}y")])
    func anInvisibleCharacterInAValueIsShown(line: String, shown: String) {
        let text = "1.0 2.0 0.1\n" + line + " 3.0 0.1\n3.0 4.0 0.1\n"
        do {
            _ = try LightCurveParser.parse(Array(text.utf8), name: "odd.lc")
            Issue.record("\(shown) was read as a number")
        } catch {
            #expect(error.description.contains("'\(shown)'"), "\(error.description)")
        }
    }
}
