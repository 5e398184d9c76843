import Foundation
import Testing

/// `linli serve` refuses channel settings that would leave a channel forgeable, before it
/// listens (audit L9, M4); the refusal names the setting and never prints the secret.
@Suite("linli serve: unsafe channel settings")
struct ServeSettingsTests {
    /// Runs `linli serve` with `environment` and `config` until it exits, and returns its exit
    /// status and output; nil for the status when it started listening instead (or was still
    /// running after `timeout`), in which case it is stopped.
    static func run(config: String, environment: [String: String], timeout: Duration = .seconds(120)) async throws
        -> (status: Int32?, output: String)
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configFile = directory.appendingPathComponent("linli.yaml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        let output = ServerProcess.Output()
        let pipe = Pipe()
        pipe.fileHandleForReading.readabilityHandler = { output.append($0.availableData) }
        let process = Process()
        process.executableURL = try ServerProcess.executable()
        process.arguments = ["serve", "--config", configFile.path, "--host", "127.0.0.1", "--port", "0"]
        process.environment = [
            "HOME": directory.path, "LINLI_DATABASE_URL": "sqlite:" + directory.appendingPathComponent("linli.sqlite").path,
            "LINLI_INTENTS_DIR": EndToEndTests.root.appendingPathComponent("intents").path,
            "LINLI_RESPONSES_DIR": EndToEndTests.root.appendingPathComponent("responses").path,
        ].merging(environment) { $1 }
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline, !output.text.contains("linli listening on") {
            try await Task.sleep(for: .milliseconds(50))
        }
        guard !process.isRunning else {
            process.terminate()
            process.waitUntilExit()
            return (nil, output.text)
        }
        pipe.fileHandleForReading.readabilityHandler = nil
        output.append(pipe.fileHandleForReading.readDataToEndOfFile())
        return (process.terminationStatus, output.text)
    }

    @Test("L9: a 10-byte webhook secret (the audit's 'hooksecret') stops the server")
    func shortWebhookSecret() async throws {
        let (status, output) = try await Self.run(config: "menu: {}\n", environment: ["LINLI_WEBHOOK_SECRET": "hooksecret"])
        #expect(status != nil && status != 0, "still serving with a guessable secret:\n\(output)")
        #expect(output.contains("webhook.secret"))
        #expect(!output.contains("hooksecret"))
    }

    @Test("M4: WeChat staff on a plain-mode endpoint stop the server, unless wechat.allow_plaintext_staff is true")
    func plaintextStaff() async throws {
        let staff = """
            staff:
              - {id: "wechat:ostaffopenid0001", name: 微信网格员, role: admin, grids: []}
            """
        let environment = ["LINLI_WECHAT_TOKEN": "linlitoken-0123456789", "LINLI_WECHAT_APP_ID": "wx0000000000000001"]
        let (status, output) = try await Self.run(config: staff, environment: environment)
        #expect(status != nil && status != 0, "still serving plain-mode WeChat staff:\n\(output)")
        #expect(output.contains("wechat.allow_plaintext_staff"))
        #expect(output.contains("wechat.encoding_aes_key"))

        // Allowed explicitly, it starts (and is stopped here once it listens).
        let allowed = try await Self.run(config: "wechat:\n  allow_plaintext_staff: true\n" + staff, environment: environment)
        #expect(allowed.status == nil)
        #expect(allowed.output.contains("linli listening on"), "\(allowed.output)")
    }

    @Test("A console.base_url that is not an http(s) address stops the server, naming the setting")
    func badConsoleAddress() async throws {
        for address in ["linli.example.cn", "ftp://linli.example.cn", "https://linli.example.cn/?a=1"] {
            let (status, output) = try await Self.run(config: "menu: {}\n", environment: ["LINLI_CONSOLE_BASE_URL": address])
            #expect(status != nil && status != 0 && output.contains("console.base_url"), "\(address):\n\(output)")
        }
    }

    @Test("订阅通知 templates for a kind linli does not send, or with a field type WeChat does not have, stop the server")
    func badSubscribeTemplates() async throws {
        for (templates, named) in [
            ("    paid: {template_id: T1, fields: {thing1: x}}\n", "wechat.subscribe_templates.paid"),
            ("    resolved: {template_id: T1, fields: {keyword1: x}}\n", "keyword1"),
        ] {
            let (status, output) = try await Self.run(config: "wechat:\n  subscribe_templates:\n" + templates, environment: [:])
            #expect(status != nil && status != 0 && output.contains(named), "\(templates):\n\(output)")
        }
    }
}
