// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "tutor",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tutor", targets: ["tutor"]),
        // The parsers, for the fuzz targets in Fuzz/ (a package of its own).
        .library(name: "TutorLessons", targets: ["TutorLessons"]),
        .library(name: "TutorAstro", targets: ["TutorAstro"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // Linux calls Swift cannot reach directly (sched_getcpu, gettid, prctl); header-only.
        .systemLibrary(name: "CTutorSystem", path: "Sources/CTutorSystem"),
        // The curses binding; only the terminal layer imports it.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // The measured workloads: light curves and their periods (the course's astronomy task),
        // CPU work units, data-structure timings. Compiled with optimisation in every
        // configuration, because `swift run` is a debug build and these are hot loops whose
        // speed the demos report. "-O" is portable: no CPU-specific flags.
        .target(
            name: "TutorAstro",
            dependencies: [.product(name: "DequeModule", package: "swift-collections")],
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        // Runs the demos for real and records what every worker does. No terminal code.
        .target(
            name: "TutorEngine",
            dependencies: [
                "CTutorSystem",
                "TutorAstro",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // Lesson files: the parser, the checker's rules, the library of a folder.
        .target(
            name: "TutorLessons",
            dependencies: ["TutorAstro", "TutorEngine"]
        ),
        // Plain-text rendering of a recording: timelines, summaries, for `tutor demo`.
        .target(
            name: "TutorText",
            dependencies: ["TutorEngine"]
        ),
        // The app as data: state, update, render into a grid. No curses.
        .target(
            name: "TutorUI",
            dependencies: ["TutorEngine", "TutorLessons", "TutorText"]
        ),
        // The only importer of the curses binding: terminal start and stop, keys, grid to screen.
        .target(
            name: "TutorTerminal",
            dependencies: ["CNcursesw", "TutorUI"]
        ),
        .executableTarget(
            name: "tutor",
            dependencies: [
                "CTutorSystem",
                "TutorEngine",
                "TutorLessons",
                "TutorTerminal",
                "TutorText",
                "TutorUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Seeded input mutations shared by the parsers' property tests.
        .target(
            name: "TutorTestSupport",
            dependencies: ["TutorAstro"],
            path: "Tests/TutorTestSupport"
        ),
        .testTarget(
            name: "TutorEngineTests",
            dependencies: ["TutorEngine", "TutorAstro"]
        ),
        .testTarget(
            name: "TutorAstroTests",
            dependencies: ["TutorAstro", "TutorTestSupport"]
        ),
        .testTarget(
            name: "TutorLessonsTests",
            dependencies: ["TutorLessons", "TutorEngine", "TutorTestSupport"],
            exclude: ["Corpus"]
        ),
        .testTarget(
            name: "TutorUITests",
            dependencies: ["TutorUI", "TutorLessons", "TutorEngine"],
            exclude: ["Goldens"]
        ),
        .testTarget(
            name: "TutorTextTests",
            dependencies: ["TutorText", "TutorEngine"]
        ),
        .testTarget(
            name: "TutorCommandTests",
            dependencies: ["tutor", "TutorAstro"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
