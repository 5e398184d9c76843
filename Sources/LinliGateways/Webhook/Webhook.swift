/// The generic JSON channel: HMAC-SHA256-signed bodies in both directions.
///
/// Inbound `{"user_id":…,"message_id":…,"text":…}` with headers `X-Linli-Timestamp: UNIX_SECONDS`
/// and `X-Linli-Signature: sha256=HEX` over `TIMESTAMP.BODY`; answers `{"replies":[{"text":…}]}`;
/// later messages go to the callback URL as `{"user_id":…,"text":…}`, signed the same way.
public enum Webhook {
    /// The request and callback header that carries the signature.
    public static let signatureHeader = "X-Linli-Signature"
    /// The request and callback header that carries the Unix seconds the signature covers.
    public static let timestampHeader = "X-Linli-Timestamp"
}
