import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LinliGateways
import Testing

/// The built `linli serve` executable, run as a child process with a configuration the
/// test writes, on a port the kernel picks (`--port 0`, read back from its first line).
final class ServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    private let output: Output

    /// Collects the child's stdout and stderr, for the port line and for failure messages.
    final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    }

    /// The `linli` executable beside the running test binary, where `swift build` and
    /// `swift test` put it.
    static func executable() throws -> URL {
        let running = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var candidates = [running.deletingLastPathComponent().appendingPathComponent("linli")]
        if let bundle = Bundle.main.executableURL {
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("linli"))
        }
        // On macOS the test binary sits inside linliPackageTests.xctest/Contents/MacOS.
        candidates += candidates.map {
            $0.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("linli")
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw EndToEndError("no built linli executable beside the test binary (looked at "
                + candidates.map(\.path).joined(separator: ", ") + "); run `swift build` with the same scratch path first")
        }
        return found
    }

    private init(process: Process, port: Int, output: Output) {
        self.process = process
        self.port = port
        self.output = output
    }

    /// Starts `linli serve --config config --port 0` with exactly `environment` and waits
    /// until it says where it listens and `/healthz` answers 200.
    static func start(config: URL, environment: [String: String], timeout: Duration = .seconds(120)) async throws -> ServerProcess {
        let output = Output()
        let pipe = Pipe()
        let process = Process()
        process.executableURL = try executable()
        process.arguments = ["serve", "--config", config.path, "--host", "127.0.0.1", "--port", "0"]
        process.environment = environment
        process.currentDirectoryURL = config.deletingLastPathComponent()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { output.append(data) }
        }
        try process.run()

        let deadline = ContinuousClock.now + timeout
        var port: Int?
        while port == nil {
            port = Self.port(in: output.text)
            if port != nil { break }
            guard process.isRunning, ContinuousClock.now < deadline else {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                throw EndToEndError("linli serve did not report its port:\n\(output.text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let server = ServerProcess(process: process, port: port!, output: output)
        let client = URLSessionHTTPClient(timeout: .seconds(5))
        while true {
            let health = try? await client.send(.init(method: .get, url: server.url("/healthz")))
            if health?.status == 200 { return server }
            guard process.isRunning, ContinuousClock.now < deadline else {
                throw EndToEndError("linli serve never answered /healthz:\n\(output.text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// `http://127.0.0.1:PORT` + `path`.
    func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    /// What the server printed so far.
    var log: String { output.text }

    /// Sends SIGTERM and waits up to `timeout` for the exit; returns its status, nil if it
    /// is still running (then it is killed).
    func terminate(timeout: Duration = .seconds(10)) async throws -> Int32? {
        process.terminate()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The port of the "linli listening on http://HOST:PORT" line.
    static func port(in text: String) -> Int? {
        guard let range = text.range(of: "linli listening on http://") else { return nil }
        let rest = text[range.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let digits = rest[rest.index(after: colon)...].prefix { $0.isNumber }
        guard rest[rest.index(after: colon)...].dropFirst(digits.count).first?.isNewline == true else { return nil }
        return Int(digits)
    }
}

/// A failure of the end-to-end set-up, with what the server printed.
struct EndToEndError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
