import Foundation
import LinliGateways
import Testing

@Suite("Console secrets: sign-in tokens and password hashes")
struct ConsoleSecretsTests {
    static let cheap = PasswordHash.Parameters(logRounds: 4, blockSize: 8, parallelism: 1)

    @Test("A token is 32 random bytes in unpadded base64url; its digest is the SHA-256 in hex")
    func tokens() {
        let fixed = SecretTokens(random: RandomSource { Array(repeating: 0xFB, count: $0) })
        #expect(fixed.token() == String(repeating: "-_v7", count: 10) + "-_s")
        // SHA-256("abc"), FIPS 180-2.
        #expect(fixed.digest(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let system = SecretTokens()
        let (a, b) = (system.token(), system.token())
        #expect(a.count == 43 && a != b)
    }

    @Test("A hash verifies its password only, carries its parameters and a fresh salt")
    func hashes() throws {
        let hash = try PasswordHash.make("correct horse battery", parameters: Self.cheap)
        #expect(hash.hasPrefix("$scrypt$ln=4,r=8,p=1$"))
        #expect(PasswordHash.verify("correct horse battery", against: hash))
        #expect(!PasswordHash.verify("correct horse batterY", against: hash))
        #expect(try PasswordHash.make("correct horse battery", parameters: Self.cheap) != hash)
    }

    @Test("Standard parameters are N=2^15, r=8, p=1, and verify")
    func standard() throws {
        let hash = try PasswordHash.make("0123456789")
        #expect(hash.hasPrefix("$scrypt$ln=15,r=8,p=1$"))
        #expect(PasswordHash.verify("0123456789", against: hash))
    }

    @Test("Damaged or outrageous stored strings verify nothing", arguments: [
        "", "plain", "$scrypt$ln=4,r=8,p=1$c2FsdA$", "$scrypt$ln=40,r=8,p=1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$AAAA",
    ])
    func damaged(stored: String) {
        #expect(!PasswordHash.verify("anything", against: stored))
    }
}
