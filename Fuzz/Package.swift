// swift-tools-version:6.2
import PackageDescription

// libFuzzer targets for linli's parsers (scripts/fuzz builds and runs them). A package of its own so the
// normal build stays untouched: scripts/fuzz builds it with -sanitize=fuzzer,address into ../.build-fuzz.
// Each fuzzer defines LLVMFuzzerTestOneInput and an @main that hands it to libFuzzer (FuzzSupport/Fuzzer.swift).
// The package reaches the checkout as ../.build-fuzz/linli, a link scripts/fuzz makes, so that the path
// dependency's identity is "linli" whatever the checkout's directory is called.

/// One fuzzer: the name scripts/fuzz knows it by, its module, and what it needs beyond FuzzSupport.
let fuzzers: [(name: String, module: String, dependencies: [Target.Dependency])] = [
    ("xml", "FuzzXML", []),
    ("wechat", "FuzzWeChat", ["FuzzEnvelope"]),
    ("wecom", "FuzzWeCom", ["FuzzEnvelope"]),
    ("webhook", "FuzzWebhook", []),
    ("query", "FuzzQuery", []),
    ("staff", "FuzzStaff", []),
    ("nlu", "FuzzNLU", []),
    ("slots", "FuzzSlots", []),
    ("intents", "FuzzIntents", []),
    ("responses", "FuzzResponses", []),
]

let linli = Target.Dependency.product(name: "LinliFuzzable", package: "linli")

let package = Package(
    name: "linli-fuzz",
    platforms: [.macOS(.v14)],
    products: fuzzers.map { .executable(name: "fuzz-\($0.name)", targets: [$0.module]) },
    dependencies: [
        .package(path: "../.build-fuzz/linli"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", linli]),
        .target(
            name: "FuzzEnvelope",
            dependencies: [
                "FuzzSupport", linli,
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
    ] + fuzzers.map {
        .executableTarget(
            name: $0.module,
            dependencies: ["FuzzSupport", linli] + $0.dependencies,
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    },
    swiftLanguageModes: [.v6]
)
