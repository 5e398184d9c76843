import Foundation

/// What channel settings must satisfy beyond being present, checked once at start-up.
///
/// Refusals throw ``GatewayError/Code/invalidConfiguration`` naming the setting; weaker
/// choices that still work come back as warnings for the operator.
public enum ChannelSettingsReview {
    /// The shortest webhook secret accepted, in bytes: an HMAC key shorter than this can be
    /// guessed offline from one captured request.
    public static let minimumWebhookSecretBytes = 16
    /// The shortest callback token accepted: the platforms' own minimum (3 to 32 characters).
    public static let minimumTokenLength = 3
    /// Callback tokens shorter than this are warned about: one captured signature lets
    /// anyone search the token offline, and 16 letters or digits resist that.
    public static let recommendedTokenLength = 16

    /// Refuses a webhook secret shorter than ``minimumWebhookSecretBytes``.
    public static func checkWebhookSecret(_ secret: String, key: String = "webhook.secret") throws(GatewayError) {
        guard secret.utf8.count >= minimumWebhookSecretBytes else {
            throw GatewayError(
                .invalidConfiguration,
                "webhook secret must be at least \(minimumWebhookSecretBytes) bytes, not \(secret.utf8.count)", value: key)
        }
    }

    /// Refuses a callback token shorter than ``minimumTokenLength``; warns below ``recommendedTokenLength``.
    public static func checkToken(_ token: String, key: String) throws(GatewayError) -> [String] {
        guard token.count >= minimumTokenLength else {
            throw GatewayError(
                .invalidConfiguration, "token must be at least \(minimumTokenLength) characters, not \(token.count)", value: key)
        }
        guard token.count >= recommendedTokenLength else {
            return ["\(key) has \(token.count) characters; one captured request lets anyone guess a short token offline, "
                + "use \(recommendedTokenLength) to 32 letters and digits"]
        }
        return []
    }

    /// Warns when `url` is plain `http://` to a host other than loopback: what it carries
    /// (an app secret in the token URL, message text in callbacks) would cross the network in clear.
    public static func transportWarnings(_ url: URL, key: String) -> [String] {
        guard url.scheme?.lowercased() == "http", let host = url.host, !isLoopback(host) else { return [] }
        return ["\(key) uses http:// to \(host); secrets and message text travel in clear, use https://"]
    }

    /// Refuses staff with `wechat:` ids on a plain-mode WeChat endpoint unless `allowed`
    /// (`wechat.allow_plaintext_staff`): plain-mode pushes are signed without their body,
    /// so one observed request lets anyone speak as that staff member for minutes.
    public static func checkPlaintextStaff(staffIDs: [String], encrypted: Bool, allowed: Bool) throws(GatewayError) {
        guard !encrypted, !allowed, let id = staffIDs.first(where: { $0.hasPrefix("wechat:") }) else { return }
        throw GatewayError(
            .invalidConfiguration,
            "staff on WeChat need safe mode: set wechat.encoding_aes_key, or wechat.allow_plaintext_staff: true",
            value: id)
    }

    /// Warns when the WeCom endpoint does not know its AgentID: pushes for every other app of
    /// the corp (they share the CorpID and may share the key) would be accepted.
    public static func agentIDWarnings(_ agentID: Int?) -> [String] {
        agentID == nil ? ["wecom.agent_id is not set; pushes meant for other apps of the corp are accepted"] : []
    }

    private static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        let loopbackIPv4 = octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        return loopbackIPv4 || bare.lowercased() == "localhost" || bare == "::1"
    }
}
