import Foundation
import LinliCore
import NIOSSL
import PostgresNIO

extension PostgresStore {
    /// Whether, and how, connections to the server are encrypted: the `sslmode` of a database
    /// URL, with libpq's meanings.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Never encrypt.
        case disable
        /// Encrypt when the server offers it, without checking its certificate; plain text
        /// otherwise.
        case prefer
        /// Always encrypt; fail when the server cannot. The certificate is not checked, so this
        /// stops eavesdropping but not an attacker in the middle.
        case require
        /// Always encrypt, and check that the certificate is signed by a trusted authority
        /// (the system's, or `sslrootcert`'s); the host name is not checked.
        case verifyCA = "verify-ca"
        /// Always encrypt, and check the certificate's authority and that it names the host.
        case verifyFull = "verify-full"

        /// The mode when the URL names none: plain text to the same machine (a loopback
        /// address, `localhost` or a Unix socket), where nothing crosses a network, and
        /// `require` to anything else.
        static func defaultMode(host: String, unixSocketPath: String?) -> TLSMode {
            if unixSocketPath != nil || isLoopback(host) { return .disable }
            return .require
        }

        /// Whether `host` is this machine: `localhost`, `127.0.0.0/8` or `::1`.
        static func isLoopback(_ host: String) -> Bool {
            let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            if name == "localhost" || name.hasSuffix(".localhost") || name == "::1" { return true }
            let octets = name.split(separator: ".", omittingEmptySubsequences: false)
            return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        }

        /// Reads an `sslmode` value.
        ///
        /// - Throws: `CoreError(.storeFailure)` naming the value and the accepted ones.
        static func parse(_ value: String) throws -> TLSMode {
            guard let mode = TLSMode(rawValue: value) else {
                let accepted = allCases.map(\.rawValue).joined(separator: ", ")
                throw CoreError(.storeFailure, "database URL sslmode \(value) is not one of \(accepted)")
            }
            return mode
        }
    }

    /// PostgresNIO's TLS setting for `mode`; `rootCertificatePath` (a PEM file) replaces the
    /// system's authorities for the modes that check them.
    ///
    /// - Throws: `CoreError(.storeFailure)` when the certificate file cannot be read.
    static func tls(_ mode: TLSMode, rootCertificatePath: String?) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable:
            return .disable
        case .prefer, .require:
            tls.certificateVerification = .none
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
        case .verifyFull:
            tls.certificateVerification = .fullVerification
        }
        if let rootCertificatePath, mode == .verifyCA || mode == .verifyFull {
            tls.trustRoots = .file(rootCertificatePath)
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw CoreError(.storeFailure, "cannot set up TLS (sslmode \(mode.rawValue)"
                            + "\(rootCertificatePath.map { ", sslrootcert \($0)" } ?? "")): \(error)")
        }
        return mode == .prefer ? .prefer(context) : .require(context)
    }
}
