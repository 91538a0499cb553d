import Testing
@testable import TutorLessons

@Suite struct ConditionTests {
    @Test(arguments: [
        ("counter < expected", ["counter": 3, "expected": 4], true),
        ("counter<=3", ["counter": 3], true),
        ("lost == 0", ["lost": 0], true),
        ("lost != 0", ["lost": 0], false),
        ("speedup_gil >= 1.5", ["speedup_gil": 1.2], false),
        ("max_inside > 2", ["max_inside": 3], true),
        ("2 < wall_seconds", ["wall_seconds": 2.1], true),
    ])
    func conditionsCompareMeasuredValues(text: String, values: [String: Double], expected: Bool) throws {
        let condition = try Condition(parsing: text)
        #expect(condition.holds(for: values) == expected)
    }

    @Test func aMissingValueIsUnknownNotFalse() throws {
        #expect(try Condition(parsing: "a < b").holds(for: ["a": 1]) == nil)
    }

    @Test func conditionsPrintAsWritten() throws {
        #expect(try Condition(parsing: " counter<expected ").description == "counter < expected")
        #expect(try Condition(parsing: "x >= 1.5").description == "x >= 1.5")
        #expect(try Condition(parsing: "x == 3").names == ["x"])
    }
}
