/// Turns the 43-character EncodingAESKey of the platform console into the 32-byte AES key.
///
/// Decoded by hand instead of through `Data(base64Encoded:)`: 43 base64 characters
/// carry 258 bits, platform keys routinely have the two unused bits set, and a decoder
/// that insists on canonical base64 would refuse genuine keys.
enum EncodingAESKey {
    /// The decoded key, or ``GatewayError/Code/invalidConfiguration`` (the key itself is never echoed).
    static func decode(_ text: String) throws(GatewayError) -> [UInt8] {
        let characters = Array(text.utf8)
        guard characters.count == 43 else {
            throw GatewayError(
                .invalidConfiguration, "EncodingAESKey must be 43 characters", value: "length \(characters.count)")
        }
        var key: [UInt8] = []
        key.reserveCapacity(32)
        var accumulator: UInt32 = 0
        var bits = 0
        for character in characters {
            guard let sextet = sextet(of: character) else {
                throw GatewayError(.invalidConfiguration, "EncodingAESKey has a character outside base64")
            }
            accumulator = (accumulator << 6) | UInt32(sextet)
            bits += 6
            if bits >= 8 {
                bits -= 8
                key.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        // 43 × 6 = 258 bits: 32 whole bytes, the 2 leftover bits are ignored like the platform does.
        return key
    }

    private static func sextet(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
