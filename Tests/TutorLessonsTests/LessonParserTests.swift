import Foundation
import Testing
import TutorEngine
@testable import TutorLessons

@Suite struct LessonParserTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus").path

    @Test func aCompleteLessonParses() throws {
        let text = """
        ---
        id: sample
        title: A sample lesson
        demo: locks --no-lock --threads 4 --increments 3
        demo: locks --threads 4 --fast
        question: What will the counter be?
        choice: exactly 12 | counter == expected
        choice: less than 12 | counter < 12
        ---
        # Races

        A *race* loses `counter += 1` updates,
        sometimes.

        - one
        - two
          continued

        ```python
        print("hi")
        ```
        """
        let lesson = try LessonParser.parse(Array(text.utf8), file: "sample.md").get()
        #expect(lesson.id == "sample" && lesson.title == "A sample lesson")
        #expect(lesson.demos == [
            DemoInvocation(id: "locks", arguments: ["--no-lock", "--threads", "4", "--increments", "3"], line: 4),
            DemoInvocation(id: "locks", arguments: ["--threads", "4"], fast: true, line: 5),
        ])
        let question = try #require(lesson.questions.first)
        #expect(question.text == "What will the counter be?" && question.line == 6)
        #expect(question.choices.map(\.text) == ["exactly 12", "less than 12"])
        #expect(question.choices[1].condition.holds(for: ["counter": 9]) == true)
        #expect(question.choices[0].condition.holds(for: ["counter": 9, "expected": 12]) == false)
        #expect(question.choices[0].condition.holds(for: [:]) == nil)
        #expect(lesson.body == [
            .heading(level: 1, [.text("Races")]),
            .paragraph([.text("A "), .emphasis("race"), .text(" loses "), .code("counter += 1"), .text(" updates, sometimes.")]),
            .list([[.text("one")], [.text("two continued")]]),
            .code(language: "python", lines: ["print(\"hi\")"]),
        ])
    }

    /// A wrong `id:` line is one problem, not also "the header has no 'id:'".
    @Test func aWrongIdIsReportedOnce() throws {
        let text = "---\nid: bad id!\ntitle: T\n---\n# T\n"
        guard case .failure(let errors) = LessonParser.parse(Array(text.utf8), file: "t.md") else {
            Issue.record("a wrong id was accepted")
            return
        }
        #expect(errors.problems.map(\.description) == ["t.md:2: an id is letters, digits and '-', not 'bad id!'"])
    }

    /// A byte-order mark before the header, as some editors write it, is skipped.
    @Test func aByteOrderMarkIsSkipped() throws {
        let text = "\u{FEFF}---\nid: b\ntitle: B\n---\n# B\n"
        guard case .success(let lesson) = LessonParser.parse(Array(text.utf8), file: "b.md") else {
            Issue.record("a lesson with a BOM did not parse")
            return
        }
        #expect(lesson.id == "b")
    }

    /// A list item's emphasis may run over its line break, as a paragraph's may.
    @Test func emphasisRunsOverAListItemsLineBreak() throws {
        let text = "---\nid: e\ntitle: E\n---\n# E\n\n- may wake for no reason (a *spurious\n  wake-up*), so check again\n"
        guard case .success(let lesson) = LessonParser.parse(Array(text.utf8), file: "e.md") else {
            Issue.record("did not parse")
            return
        }
        #expect(lesson.body.last == .list([[.text("may wake for no reason (a "), .emphasis("spurious wake-up"), .text("), so check again")]]))
    }

    @Test func aQuestionHasAtMostNineChoicesAndADemoItsValuesInAgreement() throws {
        let choices = (1...10).map { "choice: answer \($0) | counter == \($0)" }.joined(separator: "\n")
        let text = "---\nid: many\ntitle: Many\ndemo: pool --fmin 5 --fmax 1\ndemo: locks\nquestion: Which?\n\(choices)\n---\n# Many\n"
        guard case .failure(let problems) = LessonParser.parse(Array(text.utf8), file: "many.md") else {
            Issue.record("ten choices and fmin above fmax were accepted")
            return
        }
        let lines = problems.problems.map(\.description)
        #expect(lines.contains("many.md:6: a question has at most 9 choices (keys 1–9), not 10"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("many.md:4: demo pool: --fmax must be greater than --fmin") }, "\(lines)")
    }

    @Test func aPythonBlockIsNamedAsADemoByItsNumber() throws {
        let text = """
            ---
            id: real
            title: Real Python
            demo: python 2
            question: How many compute at once?
            choice: one | max_running_at_once <= 1
            choice: two | max_running_at_once >= 2
            ---
            ```python
            print(1)
            ```

            ```python
            print(2)
            ```
            """
        let lesson = try LessonParser.parse(Array(text.utf8), file: "real.md").get()
        #expect(lesson.demos.map(\.pythonBlock) == [2])
        #expect(lesson.pythonBlocks == ["print(1)\n", "print(2)\n"])
    }

    @Test func theMalformedCorpusGivesTheRightProblemsAndTheValidFilesLoad() {
        let library = LessonLibrary.load(Self.corpus)
        func at(_ file: String) -> [String] {
            library.problems.filter { $0.file.hasSuffix("/" + file) }.map { "\($0.line): \($0.message)" }
        }
        #expect(at("no-header.md") == ["1: a lesson starts with a header between two '---' lines"])
        #expect(at("unclosed-header.md") == ["1: the header opened here is never closed with '---'"])
        #expect(at("missing-id.md") == ["1: the header has no 'id:'"])
        #expect(at("bad-demo.md") == [
            "4: unknown demo 'nonsense': the demos are " + DemoCatalog.all.map(\.id).joined(separator: ", ")
                + ", and python N (the lesson's N-th Python block)",
            "5: demo locks: --threads must be an integer from 1 to 64 (number of threads), not '0'",
            "6: demo semaphores: --limit needs a value: an integer from 1 to 64",
            "7: unknown header key 'colour' (keys: id, title, demo, question, choice)",
            "8: a header line is 'key: value' (keys: id, title, demo, question, choice)",
        ])
        #expect(at("bad-questions.md") == [
            "4: a 'choice:' belongs under a 'question:'",
            "6: a question needs at least two 'choice:' lines",
            "8: a question needs at least two 'choice:' lines",
            "11: a choice is 'text | condition', e.g. 'less than N | counter < expected'",
            "12: demo locks measures no 'speed': it measures counter, expected, lost",
            "13: a condition compares two things with <, <=, ==, !=, >= or >: 'lost'",
            "14: '3x' is neither a measured value's name nor a number",
            "10: a question needs at least two 'choice:' lines",
        ])
        #expect(at("bad-fences.md") == [
            "7: a code block needs a language, e.g. ```python",
            "11: the code block opened here is never closed with ```",
        ])
        #expect(at("bad-python-demo.md") == [
            "5: 'demo: python N' names the lesson's N-th Python block (1 is the first), e.g. 'demo: python 2'",
            "6: 'demo: python N' names the lesson's N-th Python block (1 is the first), e.g. 'demo: python 2'",
            "9: demo python measures no 'speedup': it measures " + ObservedProgramDemo.programMeasures.joined(separator: ", "),
            "4: demo python 3: the lesson has 1 Python block(s)",
        ])
        #expect(at("invalid-utf8.md") == ["6: not valid UTF-8 text"])
        #expect(at("z-duplicate-id.md") == ["2: the id 'ok' is already used by \(Self.corpus)/valid.md"])
        #expect(library.lessons.map(\.id) == ["ok"])
        #expect(library.invalidFiles.count == 9)
    }
}
