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
        .library(name: "TutorSafeText", targets: ["TutorSafeText"]),
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
        // FFTW (libfftw3-dev): the FFTs of the periodogram's fast pass.
        .systemLibrary(name: "CFFTW", path: "Sources/CFFTW", pkgConfig: "fftw3"),
        // CFITSIO (libcfitsio-dev): TESS and Kepler light curves in FITS files. Its header
        // only: tutor loads the library when it reads the first FITS file (CFITSIOLibrary).
        .systemLibrary(name: "CFITSIO", path: "Sources/CFITSIO"),
        // The non-uniform FFT's spreading loop, in C for a version compiled for AVX2 and FMA
        // beside the portable one, chosen by the CPU at load time.
        .target(name: "CSpread", cSettings: [.unsafeFlags(["-O3"])]),
        // Untrusted text made safe: split into lines, invalid UTF-8 located, control characters
        // and escape sequences turned into visible symbols. Every reader of files and every
        // writer to a terminal goes through it.
        .target(name: "TutorSafeText"),
        // Light curves and their periods (the course's astronomy task): the parsers, the
        // periodogram, the sample curves. Compiled with optimisation in every configuration,
        // because `swift run` is a debug build and these are hot loops whose speed the demos
        // report. "-O" is portable: no CPU-specific flags.
        .target(
            name: "TutorAstro",
            dependencies: ["TutorSafeText", "CTutorSystem", "CFFTW", "CFITSIO", "CSpread"],
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        // The demos' measured workloads: CPU work units, data-structure timings. Optimised for
        // the same reason as TutorAstro.
        .target(
            name: "TutorWorkloads",
            dependencies: ["TutorAstro", .product(name: "DequeModule", package: "swift-collections")],
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        // Runs the demos for real and records what every worker does. No terminal code.
        .target(
            name: "TutorEngine",
            dependencies: [
                "CTutorSystem",
                "TutorAstro",
                "TutorSafeText",
                "TutorWorkloads",
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            exclude: ["Python/Probe/README.md"],
            // The Python probe, plain .py files, compiled into the binary and written to a
            // private folder for each observed run.
            resources: [.embedInCode("Python/Probe/sitecustomize.py"), .embedInCode("Python/Probe/tutor_lines.py")]
        ),
        // The timeline model both the text output and the live UI draw from: time binned into
        // columns, each worker's digest, the lost-update scan, a run's incremental digest.
        .target(
            name: "TutorTimeline",
            dependencies: ["TutorEngine"]
        ),
        // What each meaning looks like: roles, their one colour table, the glyphs of states and
        // instants (Unicode and ASCII), and whether the environment allows colour and Unicode.
        .target(
            name: "TutorLook",
            dependencies: ["TutorEngine"]
        ),
        // Lesson files: the parser, the checker's rules, the library of a folder.
        .target(
            name: "TutorLessons",
            dependencies: ["TutorSafeText", "TutorEngine"]
        ),
        // Plain-text rendering of a recording: timelines, summaries, for `tutor demo`.
        .target(
            name: "TutorText",
            dependencies: ["TutorEngine", "TutorTimeline", "TutorLook"]
        ),
        // The app as data: state, update, render into a grid; key bindings; widgets. No curses.
        .target(
            name: "TutorUI",
            dependencies: ["TutorEngine", "TutorLessons", "TutorTimeline", "TutorLook", "TutorSafeText"]
        ),
        // The app's side effects: starts, paces and cancels runs, repeats, exports, saves
        // progress, and reports every result back as a message. No curses.
        .target(
            name: "TutorRuntime",
            dependencies: ["TutorEngine", "TutorUI"]
        ),
        // The only importer of the curses binding: terminal start and stop, keys, grid to screen.
        .target(
            name: "TutorTerminal",
            dependencies: ["CNcursesw", "TutorUI", "TutorLook"]
        ),
        .executableTarget(
            name: "tutor",
            dependencies: [
                "CTutorSystem",
                "TutorEngine",
                "TutorLessons",
                "TutorLook",
                "TutorRuntime",
                "TutorSafeText",
                "TutorTerminal",
                "TutorText",
                "TutorTimeline",
                "TutorUI",
                "TutorWorkloads",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Seeded input mutations shared by the parsers' property tests.
        .target(
            name: "TutorTestSupport",
            // CFITSIO writes the FITS fixtures.
            dependencies: ["TutorAstro", "CFITSIO"],
            path: "Tests/TutorTestSupport",
            linkerSettings: [.linkedLibrary("cfitsio")]
        ),
        .testTarget(
            name: "TutorEngineTests",
            dependencies: ["TutorEngine", "TutorAstro", "TutorTimeline"]
        ),
        .testTarget(
            name: "TutorTimelineTests",
            dependencies: ["TutorTimeline", "TutorEngine"]
        ),
        .testTarget(
            name: "TutorRuntimeTests",
            dependencies: ["TutorRuntime", "TutorUI", "TutorEngine"]
        ),
        .testTarget(
            name: "TutorAstroTests",
            dependencies: ["TutorAstro", "TutorSafeText", "TutorTestSupport"],
            // Seeds for the light-curve fuzzer's table reader (Fuzz/run).
            exclude: ["TableCorpus"]
        ),
        .testTarget(
            name: "TutorLessonsTests",
            dependencies: ["TutorLessons", "TutorEngine", "TutorTestSupport"],
            exclude: ["Corpus"]
        ),
        .testTarget(
            name: "TutorUITests",
            dependencies: ["TutorUI", "TutorLessons", "TutorEngine", "TutorTimeline", "TutorLook"],
            exclude: ["Goldens"]
        ),
        .testTarget(
            name: "TutorTextTests",
            dependencies: ["TutorText", "TutorEngine", "TutorLook"]
        ),
        .testTarget(
            name: "TutorCommandTests",
            dependencies: ["tutor", "TutorAstro", "TutorEngine", "TutorTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
