/// What the environment allows an output to use, decided in one place for the app and for
/// `tutor demo`: colour unless `NO_COLOR` is set to anything non-empty (no-color.org), and
/// Unicode only when the locale the variables name is UTF-8.
public enum OutputEnvironment {
    public static func colorAllowed(_ environment: [String: String]) -> Bool {
        (environment["NO_COLOR"] ?? "").isEmpty
    }

    /// Whether the first of `LC_ALL`, `LC_CTYPE`, `LANG` that is set names a UTF-8 locale.
    public static func localeIsUTF8(_ environment: [String: String]) -> Bool {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = environment[name], !value.isEmpty { return namesUTF8(value) }
        }
        return false
    }

    /// Whether a locale name ("C.UTF-8", "en_GB.utf8") is a UTF-8 one.
    public static func namesUTF8(_ locale: String) -> Bool {
        let lower = locale.lowercased()
        return lower.contains("utf-8") || lower.contains("utf8")
    }
}
