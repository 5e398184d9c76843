import Foundation
import LinliCore
@testable import LinliPostgres
import PostgresNIO
import Testing

/// `sslmode` in the database URL, and its default: encrypted to any other machine, plain
/// to this one.
@Suite("PostgreSQL: TLS modes from the URL")
struct PostgresTLSTests {
    @Test(arguments: [
        ("postgres://linli@db.internal:5432/linli", PostgresStore.TLSMode.require),
        ("postgres://linli@10.0.0.5/linli", .require),
        ("postgres://linli@[2001:db8::1]/linli", .require),
        ("postgres://linli@127.0.0.1/linli", .disable),
        ("postgres://linli@127.1.2.3/linli", .disable),
        ("postgres://linli@localhost/linli", .disable),
        ("postgres://linli@[::1]/linli", .disable),
        ("postgres://linli@/linli?host=/var/run/postgresql", .disable),
        ("postgres://linli@db.internal/linli?sslmode=disable", .disable),
        ("postgres://linli@db.internal/linli?sslmode=prefer", .prefer),
        ("postgres://linli@127.0.0.1/linli?sslmode=require", .require),
        ("postgres://linli@db.internal/linli?sslmode=verify-ca", .verifyCA),
        ("postgres://linli@db.internal/linli?schema=app&sslmode=verify-full", .verifyFull),
    ])
    func theURLChoosesTheMode(url: String, mode: PostgresStore.TLSMode) throws {
        #expect(try PostgresStore.Configuration(url: url).tls == mode)
    }

    @Test func aNonLoopbackHostWithoutSSLModeIsEncryptedWithoutCheckingTheCertificate() throws {
        let configuration = try PostgresStore.Configuration(url: "postgres://linli:pw@db.internal:5432/linli")
        #expect(configuration.tls == .require)
        let tls = try configuration.connection().tls
        #expect(tls.isEnforced)
        #expect(tls.sslContext != nil)
        #expect(PostgresStore.Configuration(host: "db.internal").tls == .require)
        #expect(PostgresStore.Configuration().tls == .disable)
    }

    @Test func eachModeMakesTheMatchingConnectionSetting() throws {
        func tls(_ mode: String) throws -> PostgresConnection.Configuration.TLS {
            try PostgresStore.Configuration(url: "postgres://linli@db.internal/linli?sslmode=\(mode)").connection().tls
        }
        #expect(try !tls("disable").isAllowed)
        #expect(try tls("prefer").isAllowed && !tls("prefer").isEnforced)
        #expect(try tls("require").isEnforced)
        #expect(try tls("verify-ca").isEnforced)
        #expect(try tls("verify-full").isEnforced)
        // A Unix socket crosses no network: never encrypted, whatever the mode.
        let socket = try PostgresStore.Configuration(url: "postgres://linli@/linli?host=/tmp/pg&sslmode=require")
        #expect(try !socket.connection().tls.isAllowed)
    }

    @Test(arguments: ["allow", "VERIFY-FULL", "on", ""])
    func anUnknownModeIsRefusedNamingIt(mode: String) {
        let error = #expect(throws: CoreError.self) {
            try PostgresStore.Configuration(url: "postgres://linli:Sup3rSecret@db.internal/linli?sslmode=\(mode)")
        }
        #expect(error?.message.contains("sslmode \(mode) is not one of disable, prefer, require, verify-ca, verify-full") == true)
        #expect(error?.message.contains("Sup3rSecret") == false)
    }

    @Test func aMissingRootCertificateFileIsAClearError() {
        let error = #expect(throws: CoreError.self) {
            try PostgresStore.Configuration(url: "postgres://linli@db.internal/linli?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
                .connection()
        }
        #expect(error?.message.contains("sslrootcert /nonexistent/ca.pem") == true)
    }
}
