// swift-tools-version: 6.1
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which is the clone's name: read it.
let tutor = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

// libFuzzer targets for tutor's two parsers of untrusted files. A package of its own, so the
// main build never sees them; build with --sanitize=fuzzer (see README, "Fuzzing").
let package = Package(
    name: "TutorFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "fuzz-lessons",
            dependencies: [.product(name: "TutorLessons", package: tutor)]
        ),
        .executableTarget(
            name: "fuzz-lightcurves",
            dependencies: [.product(name: "TutorAstro", package: tutor)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
