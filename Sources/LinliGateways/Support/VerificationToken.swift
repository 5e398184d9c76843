/// What a URL-verification `echostr` may be before it is sent back.
///
/// Both platforms describe it as a random string (随机字符串) and send a decimal number; an
/// answer that echoes anything longer, or markup, is a reflection or decryption oracle.
enum VerificationToken {
    /// The longest WeChat echostr accepted.
    static let maxWeChatLength = 32
    /// The longest decrypted WeCom echostr accepted, in bytes.
    static let maxDecryptedLength = 64

    /// A 公众号 echostr: 1 to 32 ASCII letters and digits. Digits are what the platform
    /// sends; letters are allowed because its documentation only promises a random string,
    /// and neither can form markup.
    static func isWeChatEchostr(_ echostr: String) -> Bool {
        let bytes = echostr.utf8
        return (1...maxWeChatLength).contains(bytes.count) && bytes.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        }
    }

    /// A decrypted WeCom echostr: 1 to 64 bytes of printable ASCII without `<`, `>` or `&`.
    static func isDecryptedEchostr(_ plaintext: [UInt8]) -> Bool {
        (1...maxDecryptedLength).contains(plaintext.count) && plaintext.allSatisfy { byte in
            (0x20...0x7E).contains(byte) && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "&")
        }
    }
}
