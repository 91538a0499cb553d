import TutorEngine

/// Writing whole lines to standard output and error.
enum FileHandleOutput {
    static func standardError(_ text: String) {
        FileDescriptorText.write(2, text.hasSuffix("\n") ? text : text + "\n")
    }

    static func standardOutput(_ text: String) {
        FileDescriptorText.write(1, text.hasSuffix("\n") ? text : text + "\n")
    }
}
