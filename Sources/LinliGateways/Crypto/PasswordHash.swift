import _CryptoExtras
import Crypto
import Foundation

/// Console passwords as scrypt hashes in PHC string form:
/// `$scrypt$ln=15,r=8,p=1$SALT$KEY` (salt and key in unpadded base64). The parameters live
/// in the string, so that they can be raised later and old hashes still verify.
///
/// scrypt rather than Argon2: swift-crypto, already a dependency, ships it (`KDF.Scrypt`,
/// BoringSSL underneath), while Argon2 would mean a new C library; scrypt is memory-hard,
/// which is what makes a stolen table expensive to attack on GPUs.
public enum PasswordHash {
    /// scrypt's cost parameters.
    public struct Parameters: Sendable, Equatable {
        /// log2 of N, the CPU and memory cost.
        public var logRounds: Int
        /// r, the block size.
        public var blockSize: Int
        /// p, the parallelism.
        public var parallelism: Int

        /// Creates parameters.
        public init(logRounds: Int, blockSize: Int, parallelism: Int) {
            self.logRounds = logRounds
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// N = 2^15, r = 8, p = 1: 32 MiB and about a tenth of a second per guess, the
        /// floor OWASP's password storage guide gives for scrypt, and little enough for an
        /// office server that hashes a password per sign-in.
        public static let standard = Parameters(logRounds: 15, blockSize: 8, parallelism: 1)

        /// Parameters a stored hash may carry; beyond them it is refused rather than
        /// computed, so that a damaged row cannot make one sign-in take the server's memory.
        var isReasonable: Bool {
            (1...20).contains(logRounds) && (1...32).contains(blockSize) && (1...16).contains(parallelism)
        }
    }

    /// The length of the derived key, in bytes.
    static let keyLength = 32
    /// The length of the random salt, in bytes.
    static let saltLength = 16

    /// A new hash of `password` with a random salt.
    ///
    /// - Throws: `GatewayError(.invalidConfiguration)` when scrypt refuses the parameters.
    public static func make(_ password: String, parameters: Parameters = .standard, random: RandomSource = .system) throws(GatewayError) -> String {
        let salt = random.bytes(saltLength)
        let key = try derive(password, salt: salt, parameters)
        return "$scrypt$ln=\(parameters.logRounds),r=\(parameters.blockSize),p=\(parameters.parallelism)$"
            + "\(unpadded(Data(salt)))$\(unpadded(key))"
    }

    /// Whether `password` is the one `stored` was made from; false for a string that is not
    /// such a hash. The keys are compared in constant time.
    public static func verify(_ password: String, against stored: String) -> Bool {
        guard let (parameters, salt, key) = parse(stored), let derived = try? derive(password, salt: Array(salt), parameters) else {
            return false
        }
        return ConstantTime.equals(Array(derived), Array(key))
    }

    /// Spends the time of one verification with the standard parameters and answers false:
    /// for an unknown id, so that its answer takes as long as a wrong password's.
    public static func verifyNothing(_ password: String) -> Bool {
        _ = try? derive(password, salt: [UInt8](repeating: 0, count: saltLength), .standard)
        return false
    }

    private static func derive(_ password: String, salt: [UInt8], _ parameters: Parameters) throws(GatewayError) -> Data {
        do {
            let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: keyLength,
                                               rounds: 1 << parameters.logRounds, blockSize: parameters.blockSize,
                                               parallelism: parameters.parallelism)
            return key.withUnsafeBytes { Data($0) }
        } catch {
            throw GatewayError(.invalidConfiguration, "scrypt refused its parameters")
        }
    }

    private static func parse(_ stored: String) -> (Parameters, Data, Data)? {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == "scrypt" else { return nil }
        var values: [String: Int] = [:]
        for pair in fields[2].split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Int(parts[1]) else { return nil }
            values[String(parts[0])] = value
        }
        guard let ln = values["ln"], let r = values["r"], let p = values["p"] else { return nil }
        let parameters = Parameters(logRounds: ln, blockSize: r, parallelism: p)
        guard parameters.isReasonable, let salt = padded(fields[3]), let key = padded(fields[4]), key.count == keyLength else { return nil }
        return (parameters, salt, key)
    }

    private static func unpadded(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    private static func padded(_ text: Substring) -> Data? {
        let remainder = text.count % 4
        return Data(base64Encoded: String(text) + String(repeating: "=", count: remainder == 0 ? 0 : 4 - remainder))
    }
}
