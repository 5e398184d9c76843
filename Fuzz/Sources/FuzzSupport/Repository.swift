import Foundation

/// Where the fuzzers find linli's data files and write the files they feed to the loaders.
public enum Repository {
    /// The checkout: `LINLI_ROOT` when set, otherwise three levels above this source file.
    public static let root: URL = {
        if let path = ProcessInfo.processInfo.environment["LINLI_ROOT"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The real `intents/` directory.
    public static var intents: URL { root.appendingPathComponent("intents") }

    /// The real `responses/` directory.
    public static var responses: URL { root.appendingPathComponent("responses") }

    /// A fresh, empty directory of this process for files written per input: under `LINLI_FUZZ_SCRATCH`
    /// (scripts/fuzz sets it and removes it afterwards), else in /dev/shm so the loaders read from memory.
    public static func scratch(_ name: String) -> URL {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["LINLI_FUZZ_SCRATCH"].map { URL(fileURLWithPath: $0) }
            ?? (FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory)
        let directory = base.appendingPathComponent("linli-fuzz-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: directory)
        harness("scratch directory \(directory.path)") {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        return directory
    }

    /// Writes `bytes` to `file`.
    public static func write(_ bytes: some Collection<UInt8>, to file: URL) {
        harness("writing \(file.path)") { try Data(bytes).write(to: file) }
    }

    /// A copy of the real file at `source` in `directory`.
    public static func copy(_ source: URL, into directory: URL) {
        let target = directory.appendingPathComponent(source.lastPathComponent)
        try? FileManager.default.removeItem(at: target)
        harness("copying \(source.path)") { try FileManager.default.copyItem(at: source, to: target) }
    }
}
