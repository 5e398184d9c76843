// swift-tools-version:6.2
import PackageDescription

// Layers point one way: LinliNLU <- LinliCore <- (LinliSQLite, LinliPostgres, LinliGateways) <- LinliServer <- linli.
// .ci/check-imports enforces the table in shared/DESIGN.md, since SwiftPM does not.
let package = Package(
    name: "linli",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "linli", targets: ["linli"]),
        // Only for the fuzzing package in Fuzz/, which depends on this one by path and can use products alone.
        .library(name: "LinliFuzzable", targets: ["LinliNLU", "LinliCore", "LinliGateways"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Already in the graph through postgres-nio; named so that LinliPostgres can set up TLS.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .target(
            name: "LinliNLU",
            dependencies: [.product(name: "Yams", package: "Yams")],
            // The classifier trains at every start: unoptimised, that takes 20 s instead of
            // 0.3 s, which `make run` and every test that builds an engine would wait for.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "LinliCore",
            dependencies: [
                "LinliNLU",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "LinliSQLite",
            dependencies: ["LinliCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "LinliPostgres",
            dependencies: [
                "LinliCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LinliGateways",
            dependencies: [
                "LinliCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "LinliServer",
            dependencies: [
                "LinliNLU", "LinliCore", "LinliGateways",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // The console's templates, and its vendored htmx and ECharts with their licences.
            resources: [.copy("Resources/console")]
        ),
        .executableTarget(
            name: "linli",
            dependencies: [
                "LinliNLU", "LinliCore", "LinliSQLite", "LinliPostgres", "LinliGateways", "LinliServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["BuildInfo"]
        ),
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .testTarget(name: "LinliNLUTests", dependencies: ["LinliNLU"]),
        .testTarget(
            name: "LinliGatewaysTests",
            dependencies: [
                "LinliGateways", "LinliCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("Data")]
        ),
        .testTarget(
            name: "LinliCoreTests",
            dependencies: ["LinliCore", "LinliNLU", "LinliSQLite", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "LinliSQLiteTests",
            dependencies: ["LinliCore", "LinliSQLite", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "LinliStoreTests",
            dependencies: [
                // LinliNLU: the deadline timer's sharing test runs whole engines on the stores.
                "LinliCore", "LinliNLU", "LinliSQLite", "LinliPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LinliServerTests",
            dependencies: [
                "LinliServer", "LinliNLU", "LinliCore", "LinliSQLite", "LinliGateways",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
