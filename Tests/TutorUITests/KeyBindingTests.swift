import Foundation
import Testing
@testable import TutorUI

/// The key bindings are declared once; these check the declaration against itself, against
/// the row keys of step mode, and against README's key table.
@Suite struct KeyBindingTests {
    /// A key means one thing in each context.
    @Test func noKeyIsBoundTwiceInOneContext() {
        for context in KeyContext.allCases {
            var seen: [Key: String] = [:]
            for binding in KeyBindings.all where binding.contexts.contains(context) {
                for (key, _) in binding.keys {
                    #expect(seen[key] == nil, "\(key) in \(context.rawValue): \(seen[key] ?? "") and \(binding.label)")
                    seen[key] = binding.label
                }
            }
        }
    }

    /// The letters that key worker rows in step mode are no other key of the lesson screen, so
    /// a row key never shadows a command and a command never hides a row.
    @Test func rowKeysShareNoKeyWithTheLessonScreen() {
        let rows = Set(RowKeys.symbols.map { Key.character(Character($0)) })
        #expect(rows.count == RowKeys.symbols.count, "each row has its own key")
        for binding in KeyBindings.all where !binding.contexts.isDisjoint(with: [.lesson, .stepping]) {
            for (key, command) in binding.keys {
                if case .stepRow = command { continue }
                #expect(!rows.contains(key), "\(key) of '\(binding.label)' is also a row key")
            }
        }
    }

    /// Every row key steps its own row in step mode, and does nothing of the kind outside it.
    @Test func rowKeysStepTheirRowOnlyInStepMode() {
        for (row, symbol) in RowKeys.symbols.enumerated() {
            let key = Key.character(Character(symbol))
            #expect(KeyBindings.command(for: key, in: [.stepping, .lesson]) == .stepRow(row))
            #expect(KeyBindings.command(for: key, in: [.lesson]).map { if case .stepRow = $0 { false } else { true } } ?? true)
        }
    }

    /// The key bar of each context shows only keys that work there.
    @Test func theKeyBarNamesOnlyBoundKeys() {
        for context in KeyContext.allCases {
            let bound = Set(KeyBindings.all.filter { $0.contexts.contains(context) }.compactMap { $0.bar[context]?.key })
            #expect(!KeyBindings.bar(context).isEmpty, "\(context.rawValue) has a key bar")
            for entry in KeyBindings.bar(context) { #expect(bound.contains(entry.key)) }
        }
    }

    /// README's key table, row for row, is what the bindings declare.
    @Test func readmesKeyTableSaysTheSame() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let expected = KeyBindings.readmeTable()
        #expect(text.contains(expected), "README's key table should read:\n\(expected)")
    }
}
