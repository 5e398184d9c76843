import FuzzSupport
import LinliGateways

extension PushMode {
    /// Runs one input against an endpoint: the mode byte picks a push mode or, one past them, the
    /// target's `extra` mode, which gets the payload alone.
    ///
    /// `decode` sends a push and returns its message (nil when refused). When the payload is the
    /// decrypted message, the endpoint must return exactly what the XML reader and `WeChat.Message`
    /// read from the payload directly, if `accepts` it: the envelope neither loses nor invents a message.
    public static func exercise(
        _ input: FuzzInput, sealer: Sealer,
        decode: (_ query: [String: String], _ body: [UInt8]) -> WeChat.Message?,
        accepts: (WeChat.Message) -> Bool = { _ in true },
        extra: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        guard let push = PushMode(rawValue: input.mode(of: allCases.count + 1)) else {
            extra(input.payload)
            return
        }
        let request = push.request(input.payload, sealer: sealer)
        let message = decode(request.query, request.body)
        if push == .message {
            let direct = (try? WeChat.Message(xml: XML.Reader().parse(input.payload))).flatMap { accepts($0) ? $0 : nil }
            precondition(message == direct, "the envelope changed the message")
        }
    }
}
