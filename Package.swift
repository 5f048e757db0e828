// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "concur",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "concur", targets: ["concur"]),
        .library(name: "ConcurCore", targets: ["ConcurCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The pure core: lexing, finding, fixing, reporting. No dependencies, never prints.
        .target(name: "ConcurCore"),
        // What the command line and the reviewer use of the system: FoundationEssentials, the C
        // library, Dispatch, and small stand-ins for Foundation's Process, Thread and locks.
        .target(name: "ConcurSystem", dependencies: ["CConcurSignals"]),
        // The SIGBUS handler that turns a mapped file shortened on disk into a message, in C: a
        // signal handler may only call what is async-signal-safe.
        // DWARF 4 like the Swift code's: valgrind (callgrind, for the benchmarks' instruction
        // counts) cannot read the DWARF 5 that clang writes by default.
        .target(name: "CConcurSignals", cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        // The reviewer's state, actions and rendering into a cell grid: no terminal involved.
        .target(name: "ConcurUI", dependencies: ["ConcurCore", "ConcurSystem"]),
        // ncursesw for Swift: the system library and a shim for what Swift cannot import directly.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // The thin terminal adapter: keys in, cell grids out, the terminal always restored.
        .target(name: "ConcurTerminal", dependencies: ["CNcursesw", "ConcurUI"]),
        // The command-line front end: argument parsing, file discovery, exit codes.
        .executableTarget(
            name: "concur",
            dependencies: [
                "ConcurCore",
                "ConcurSystem",
                "ConcurUI",
                "ConcurTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Release builds are linked by lld with their relative relocations packed (DT_RELR):
            // a few kilobytes of them instead of 40,000 entries (about a megabyte) to apply at
            // start-up. scripts/build-release.sh adds the rest of what the installed binary is: a
            // static PIE (docs/DECISIONS.md, "How the release binary is linked").
            linkerSettings: [
                .unsafeFlags(
                    ["-Xclang-linker", "-fuse-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                    .when(platforms: [.linux], configuration: .release))
            ]
        ),
        .testTarget(name: "ConcurCoreTests", dependencies: ["ConcurCore"]),
        .testTarget(name: "ConcurSystemTests", dependencies: ["ConcurSystem"]),
        .testTarget(name: "ConcurUITests", dependencies: ["ConcurUI", "ConcurCore"], exclude: ["Snapshots"]),
        // End-to-end tests of the built binary, plus the PostgreSQL and pglast checks.
        .testTarget(name: "ConcurCLITests", dependencies: ["concur", "ConcurCore"]),
    ],
    swiftLanguageModes: [.v6]
)
