/// A measure's name as the student reads it on the screen ("most running at once"), not as a
/// lesson's condition writes it (`max_running_at_once`): the verdict and the histogram say
/// what was measured in words.
enum MeasureName {
    static func shown(_ name: String) -> String {
        if let known = words[name] { return known }
        for way in ["threads", "gil", "processes"] {
            let label = way == "gil" ? "GIL threads" : way
            if name == "speedup_\(way)" { return "speed-up of \(label)" }
            if name == "cores_used_\(way)" { return "cores used by \(label)" }
            if name == "computing_at_once_\(way)" { return "\(label) computing at once" }
        }
        return name.replacingOccurrences(of: "_", with: " ")
    }

    private static let words: [String: String] = [
        "max_running_at_once": "most running at once",
        "printed_number": "the number printed",
        "each_file_once": "each file once (1 = yes)",
        "deadlocked": "deadlocked (1 = yes)",
        "alive_after_start": "alive after start() (1 = yes)",
        "alive_after_join": "alive after join() (1 = yes)",
        "gil_wait_share": "share of time waiting for the GIL",
        "most_running_at_once": "most tasks running at once",
        "producer_waits": "times a producer waited for room",
    ]
}
