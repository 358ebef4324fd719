// swift-tools-version: 6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "postback-harness",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "postback-harness", targets: ["postback-harness"]),
        .executable(name: "postback-bench", targets: ["postback-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // The domain: campaigns, clicks, the rule chain, verdicts, statistics. No I/O.
        .target(name: "PostbackCore", swiftSettings: swiftSettings),
        // Storage protocol and its SQLite and PostgreSQL implementations.
        .target(
            name: "Store",
            dependencies: [
                "PostbackCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP server: postback route, clicks, admin API, dashboard, metrics.
        .target(
            name: "Receiver",
            dependencies: [
                "PostbackCore", "Store",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // libcurl, reached through typed non-variadic wrappers.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // The async Swift client over libcurl's multi interface.
        .target(name: "Curl", dependencies: ["CCurl"], swiftSettings: swiftSettings),
        // Tracker profiles: click capture, macro filling, sending, retries.
        .target(
            name: "Trackers",
            dependencies: [
                "PostbackCore", "Curl",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Scenario model, YAML loading with positions, runner, expectations.
        .target(
            name: "Scenarios",
            dependencies: [
                "PostbackCore", "Trackers", "Receiver", "Store", "Curl",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "postback-harness",
            dependencies: [
                "Scenarios", "Receiver", "Trackers", "PostbackCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The benchmark helper of scripts/bench (not part of the product).
        .executableTarget(
            name: "postback-bench",
            dependencies: [
                "Curl", "PostbackCore", "Store", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/Sources/postback-bench",
            swiftSettings: swiftSettings
        ),
        // Test support, like HummingbirdTesting: the package root, a raw-socket HTTP client and a
        // live receiver. Only test targets depend on it.
        .target(
            name: "PostbackTesting",
            dependencies: ["Receiver", "Store", "PostbackCore", "Curl"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PostbackCoreTests", dependencies: ["PostbackCore"], swiftSettings: swiftSettings),
        .testTarget(name: "StoreTests", dependencies: ["Store", "PostbackCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CurlTests",
            dependencies: [
                "Curl", "PostbackTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReceiverTests",
            dependencies: [
                "Receiver", "Store", "PostbackCore", "Curl", "PostbackTesting",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TrackersTests",
            dependencies: ["Trackers", "PostbackCore", "Curl", "Receiver", "Store", "PostbackTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScenariosTests",
            dependencies: ["Scenarios", "Trackers", "Receiver", "PostbackTesting"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["postback-harness", "Receiver", "Store", "PostbackCore", "Curl", "PostbackTesting"],
            swiftSettings: swiftSettings),
        // Exactly-once under load, crash durability, hostile input, PostgreSQL: real receivers
        // (in-process and the built binary) driven through libcurl and raw sockets.
        .testTarget(
            name: "ReliabilityTests",
            dependencies: [
                "postback-harness", "Receiver", "Store", "PostbackCore", "Curl", "PostbackTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
