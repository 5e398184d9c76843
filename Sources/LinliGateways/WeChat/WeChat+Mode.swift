extension WeChat {
    /// The message encryption mode (消息加解密方式) a push arrived in.
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// 明文模式: the body is the message, only the body-less 3-part `signature` authenticates it.
        case plain
        /// 兼容模式: plaintext fields and `<Encrypt>` side by side; only the ciphertext is trusted.
        case compatible
        /// 安全模式: only `<Encrypt>`.
        case safe

        /// Whether replies in this mode go out as encrypted envelopes.
        public var isEncrypted: Bool {
            self != .plain
        }
    }
}
