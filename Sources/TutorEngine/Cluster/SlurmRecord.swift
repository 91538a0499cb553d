/// One job as SLURM describes it on one line: `scontrol -o show job` and the job-completion
/// log both write `Key=Value` pairs separated by spaces.
public struct SlurmRecord: Sendable, Equatable {
    public var fields: [String: String]

    /// Parses one line; a word without `=` continues the value before it (a reason or a path
    /// with a space). A key that appears twice keeps its first value.
    public init(line: Substring) {
        var fields: [String: String] = [:]
        var lastKey: String?
        for word in line.split(separator: " ") {
            if let equals = word.firstIndex(of: "="), equals != word.startIndex {
                let key = String(word[..<equals])
                if fields[key] == nil {
                    fields[key] = String(word[word.index(after: equals)...])
                    lastKey = key
                } else {
                    lastKey = nil
                }
            } else if let key = lastKey {
                fields[key, default: ""] += " " + word
            }
        }
        self.fields = fields
    }

    public static func parse(_ text: String) -> [SlurmRecord] {
        text.split(separator: "\n").map { SlurmRecord(line: $0) }.filter { $0.fields["JobId"] != nil }
    }

    public subscript(_ key: String) -> String? {
        guard let value = fields[key], !value.isEmpty, value != "(null)", value != "Unknown", value != "N/A" else { return nil }
        return value
    }

    /// The array task indices this record stands for: one, or for tasks still pending
    /// together, a list such as `2-5%2` or `1,3-4`.
    public var taskIndices: [Int] {
        guard let text = self["ArrayTaskId"] else { return [] }
        let list = text.split(separator: "%").first.map(String.init) ?? text
        return list.split(separator: ",").flatMap { part -> [Int] in
            let ends = part.split(separator: "-").compactMap { Int($0) }
            switch ends.count {
            case 1: return [ends[0]]
            case 2 where ends[1] >= ends[0]: return Array(ends[0]...ends[1])
            default: return []
            }
        }
    }

    /// The CPU ids of a running job on its node (`CPU_IDs=0-1`, from `scontrol -d`).
    public var cpuIDs: [Int] {
        guard let text = self["CPU_IDs"] else { return [] }
        return text.split(separator: ",").flatMap { part -> [Int] in
            let ends = part.split(separator: "-").compactMap { Int($0) }
            if ends.count == 2, ends[1] >= ends[0] { return Array(ends[0]...ends[1]) }
            return ends.count == 1 ? [ends[0]] : []
        }
    }
}
