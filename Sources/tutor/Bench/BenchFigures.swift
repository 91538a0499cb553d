import Foundation

/// The medians `tutor bench --json` prints, by key, in the order they were measured.
struct BenchFigures {
    private var entries: [(key: String, value: Double)] = []

    subscript(key: String) -> Double? {
        get { entries.first { $0.key == key }?.value }
        set {
            entries.removeAll { $0.key == key }
            if let newValue { entries.append((key, newValue)) }
        }
    }

    /// One JSON object on one line; numbers only (a value that is not finite becomes null).
    var json: String {
        let fields = entries.map { entry in
            "\"\(entry.key)\": " + (entry.value.isFinite ? "\(entry.value)" : "null")
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}
