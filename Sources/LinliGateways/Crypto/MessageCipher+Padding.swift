extension MessageCipher {
    /// Appends PKCS#7 padding to a multiple of 32 bytes; an exact multiple gets a whole block of 32 × 0x20.
    static func pad(_ bytes: inout [UInt8]) {
        let count = paddingBlockSize - bytes.count % paddingBlockSize
        bytes.append(contentsOf: repeatElement(UInt8(count), count: count))
    }

    /// Removes PKCS#7(32) padding, checking every pad byte.
    ///
    /// Stricter than the official sample (which trusts the last byte alone); the
    /// signature is verified before decryption, so this is no padding oracle.
    static func unpad(_ bytes: inout [UInt8]) throws(GatewayError) {
        guard let last = bytes.last else {
            throw GatewayError(.decryptFailed, "nothing to unpad")
        }
        let count = Int(last)
        guard (1...paddingBlockSize).contains(count), count <= bytes.count,
              bytes.suffix(count).allSatisfy({ $0 == last }) else {
            throw GatewayError(.decryptFailed, "bad PKCS#7 padding")
        }
        bytes.removeLast(count)
    }
}
