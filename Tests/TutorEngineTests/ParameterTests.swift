import Testing
import TutorEngine

@Suite struct ParameterTests {
    let specs = LocksDemo().parameters + [ParameterSpec("files", .paths, default: .paths([]), "light curves")]

    @Test func defaultsAndOverrides() throws {
        let defaults = try ParameterParser.parse([], specs: specs)
        #expect(defaults.integer("threads") == 10)
        #expect(defaults.flag("no-lock") == false)
        let values = try ParameterParser.parse(["--threads", "4", "--increments=7", "--no-lock", "--files", "a", "b"], specs: specs)
        #expect(values.integer("threads") == 4)
        #expect(values.integer("increments") == 7)
        #expect(values.flag("no-lock"))
        #expect(values.paths("files") == ["a", "b"])
    }

    @Test(arguments: [
        (["--threads", "0"], "--threads must be an integer from 1 to 64 (number of threads), not '0'"),
        (["--threads", "x"], "--threads must be an integer from 1 to 64 (number of threads), not 'x'"),
        (["--threads"], "--threads needs a value: an integer from 1 to 64"),
        (["--speedy", "3"], "unknown parameter '--speedy': it takes --threads, --increments, --no-lock, --files"),
        (["4"], "unknown parameter '4': it takes --threads, --increments, --no-lock, --files"),
        (["--files"], "--files needs a value: one or more files or folders"),
    ])
    func badParametersNameTheParameterAndItsRange(arguments: [String], message: String) {
        #expect(throws: ParameterError.self) { try ParameterParser.parse(arguments, specs: specs) }
        do {
            _ = try ParameterParser.parse(arguments, specs: specs)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func everyDemoDefaultIsWithinItsOwnRange() throws {
        for demo in DemoCatalog.all {
            for spec in demo.parameters {
                if case .integer(let range) = spec.kind, case .integer(let value) = spec.defaultValue {
                    #expect(range.contains(value), "\(demo.id) --\(spec.name)")
                }
                if case .number(let range) = spec.kind, case .number(let value) = spec.defaultValue {
                    #expect(range.contains(value), "\(demo.id) --\(spec.name)")
                }
            }
        }
    }
}

/// A value that is refused is quoted with what draws nothing shown: `'\u{FEFF}4'`, not `'4'`.
@Suite struct InvisibleParameterTests {
    @Test func aRefusedValueShowsItsInvisibleCharacters() throws {
        let specs = LocksDemo().parameters
        let bom = #expect(throws: ParameterError.self) { try ParameterParser.parse(["--threads", "\u{FEFF}4"], specs: specs) }
        #expect(bom?.description.hasSuffix("not '\\u{FEFF}4'") == true, "\(String(describing: bom))")
        let space = #expect(throws: ParameterError.self) { try ParameterParser.parse(["--threads", "4\u{00A0}"], specs: specs) }
        #expect(space?.description.hasSuffix("not '4\\u{A0}'") == true, "\(String(describing: space))")
    }
}
