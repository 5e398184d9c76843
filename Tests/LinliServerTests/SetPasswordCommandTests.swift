import Foundation
import LinliCore
import LinliGateways
import LinliSQLite
import Testing

/// `linli staff set-password` as the office runs it, the password on stdin.
@Suite("linli staff set-password")
struct SetPasswordCommandTests {
    let directory: URL
    let database: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-password-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("linli.sqlite").path
        let config = """
            database: {url: "sqlite:\(database)"}
            staff:
              - {id: webhook:admin, name: 社区办公室, role: admin, grids: []}
              - {id: webhook:wang, name: 王网格员, role: grid_worker, grids: []}
            """
        try config.write(to: directory.appendingPathComponent("linli.yaml"), atomically: true, encoding: .utf8)
    }

    func storedHash(_ staff: String) throws -> String? {
        try SQLiteStore(url: "sqlite:\(database)").read { try $0.passwordHash(staff: staff) }
    }

    @Test("An admin's password from stdin is stored as a scrypt hash that verifies it; refusals store nothing")
    func setsAndRefuses() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let refusals: [(String, String, String)] = [
            ("webhook:wang", "long-enough-password", "not an admin"),
            ("webhook:nobody", "long-enough-password", "not a staff id"),
            ("webhook:admin", "short", "at least 10"),
        ]
        for (id, password, reason) in refusals {
            let (status, output) = try LinliProcess.run(["staff", "set-password", id], in: directory, input: password + "\n")
            let text = String(decoding: output, as: UTF8.self)
            #expect(status != 0 && text.contains(reason), "\(id): \(text)")
            #expect(!text.contains(password))
        }
        #expect(try storedHash("webhook:admin") == nil && storedHash("webhook:wang") == nil)

        let (status, output) = try LinliProcess.run(["staff", "set-password", "webhook:admin"], in: directory, input: "long-enough-password\n")
        #expect(status == 0, "\(String(decoding: output, as: UTF8.self))")
        let hash = try #require(try storedHash("webhook:admin"))
        #expect(hash.hasPrefix("$scrypt$ln=15,r=8,p=1$"))
        #expect(PasswordHash.verify("long-enough-password", against: hash))
    }
}
