/// The generic JSON channel: HMAC-SHA256-signed bodies in both directions.
///
/// Inbound `{"user_id":…,"message_id":…,"text":…}` with header
/// `X-Linli-Signature: sha256=HEX`; answers `{"replies":[{"text":…}]}`; later messages go to
/// the callback URL as `{"user_id":…,"text":…}`, signed the same way.
public enum Webhook {
    /// The request and callback header that carries the signature.
    public static let signatureHeader = "X-Linli-Signature"
}
