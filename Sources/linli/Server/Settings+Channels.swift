import Foundation
import LinliCore
import LinliGateways

/// The channel endpoints `linli serve` builds from the `wechat`, `wecom` and `webhook`
/// sections; an absent section leaves its route unserved, a half-filled one is an error.
extension Settings {
    /// The Official Account endpoint, when `wechat.token` is set.
    func wechatEndpoint() throws -> WeChat.Endpoint.Configuration? {
        guard let token = wechat.token, !token.isEmpty else { return nil }
        guard let appID = wechat.app_id, !appID.isEmpty else {
            throw SettingsError("wechat.app_id (LINLI_WECHAT_APP_ID) is required when wechat.token is set")
        }
        let key = wechat.encoding_aes_key.flatMap { $0.isEmpty ? nil : $0 }
        return WeChat.Endpoint.Configuration(token: token, appID: appID, encodingAESKey: key)
    }

    /// The WeCom app endpoint, when `wecom.token` is set.
    func wecomEndpoint() throws -> WeCom.Endpoint.Configuration? {
        guard let token = wecom.token, !token.isEmpty else { return nil }
        guard let corpID = wecom.corp_id, !corpID.isEmpty else {
            throw SettingsError("wecom.corp_id (LINLI_WECOM_CORP_ID) is required when wecom.token is set")
        }
        guard let key = wecom.encoding_aes_key, !key.isEmpty else {
            throw SettingsError("wecom.encoding_aes_key (LINLI_WECOM_AES_KEY) is required when wecom.token is set")
        }
        var agentID: Int?
        if let text = wecom.agent_id, !text.isEmpty {
            guard let value = Int(text) else { throw SettingsError("wecom.agent_id must be a number, not '\(text)'") }
            agentID = value
        }
        return WeCom.Endpoint.Configuration(token: token, corpID: corpID, encodingAESKey: key, agentID: agentID)
    }

    /// The webhook secret, when set.
    var webhookSecret: String? {
        webhook.secret.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether webhook requests and callbacks use the body-only signature (`webhook.legacy_signature`).
    var webhookLegacySignature: Bool {
        webhook.legacy_signature ?? false
    }

    /// Checks the channel settings beyond presence and returns what the operator should be warned about.
    ///
    /// - Throws: ``SettingsError`` for a webhook secret under 16 bytes, a callback token under
    ///   3 characters, or staff with `wechat:` ids on a plain-mode endpoint without
    ///   `wechat.allow_plaintext_staff: true`.
    func reviewChannels() throws -> [String] {
        var warnings: [String] = []
        let wecomAgentID = try wecomEndpoint()?.agentID
        do throws(GatewayError) {
            if let secret = webhookSecret {
                try ChannelSettingsReview.checkWebhookSecret(secret)
            }
            if let token = wechat.token, !token.isEmpty {
                warnings += try ChannelSettingsReview.checkToken(token, key: "wechat.token")
                try ChannelSettingsReview.checkPlaintextStaff(
                    staffIDs: staff.map(\.id), encrypted: !(wechat.encoding_aes_key ?? "").isEmpty,
                    allowed: wechat.allow_plaintext_staff ?? false)
            }
            if let token = wecom.token, !token.isEmpty {
                warnings += try ChannelSettingsReview.checkToken(token, key: "wecom.token")
                warnings += ChannelSettingsReview.agentIDWarnings(wecomAgentID)
            }
        } catch {
            throw SettingsError("\(error.value ?? "configuration"): \(error.message)")
        }
        let urls: [(String, String?)] = [
            ("wechat.api_base", wechat.api_base), ("wecom.api_base", wecom.api_base), ("webhook.callback_url", webhook.callback_url),
        ]
        for (key, text) in urls {
            if let text, let url = URL(string: text) {
                warnings += ChannelSettingsReview.transportWarnings(url, key: key)
            }
        }
        return warnings
    }

    /// The customer-service API credentials, when `wechat.app_secret` is set.
    func wechatAPI() throws -> WeChatAPI.Configuration? {
        guard let secret = wechat.app_secret, !secret.isEmpty else { return nil }
        guard let appID = wechat.app_id, !appID.isEmpty else {
            throw SettingsError("wechat.app_id (LINLI_WECHAT_APP_ID) is required when wechat.app_secret is set")
        }
        return WeChatAPI.Configuration(
            appID: appID, appSecret: secret,
            apiBase: try Self.apiBase(wechat.api_base, key: "wechat.api_base", default: WeChatAPI.Configuration.defaultAPIBase))
    }

    /// The 订阅通知 templates by notice kind, checked: a kind linli does not send, or a field
    /// type the platform does not have, is refused at start.
    func subscribeTemplates() throws -> [RequestNotice.Kind: SubscribeTemplate] {
        var templates: [RequestNotice.Kind: SubscribeTemplate] = [:]
        for (name, entry) in wechat.subscribe_templates ?? [:] {
            guard let kind = RequestNotice.Kind(rawValue: name) else {
                throw SettingsError("wechat.subscribe_templates.\(name) is not a notice kind: "
                                    + RequestNotice.Kind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            do {
                templates[kind] = try SubscribeTemplate(templateID: entry.template_id, longTerm: entry.long_term ?? false,
                                                        page: entry.page, fields: entry.fields)
            } catch {
                throw SettingsError("wechat.subscribe_templates.\(name): \(error)")
            }
        }
        return templates
    }

    /// `wechat.subscribe_link`, when set: it must be an http(s) address, as residents tap it.
    func subscribeLink() throws -> String? {
        guard let link = wechat.subscribe_link, !link.isEmpty else { return nil }
        guard let url = URL(string: link), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw SettingsError("wechat.subscribe_link must be an http(s) address")
        }
        return link
    }

    /// The app-message API credentials, when `wecom.corp_secret` is set.
    func wecomAPI() throws -> WeComAPI.Configuration? {
        guard let secret = wecom.corp_secret, !secret.isEmpty else { return nil }
        guard let corpID = wecom.corp_id, !corpID.isEmpty else {
            throw SettingsError("wecom.corp_id (LINLI_WECOM_CORP_ID) is required when wecom.corp_secret is set")
        }
        guard let text = wecom.agent_id, let agentID = Int(text) else {
            throw SettingsError("wecom.agent_id (LINLI_WECOM_AGENT_ID) must be the app's number when wecom.corp_secret is set")
        }
        return WeComAPI.Configuration(
            corpID: corpID, corpSecret: secret, agentID: agentID,
            apiBase: try Self.apiBase(wecom.api_base, key: "wecom.api_base", default: WeComAPI.Configuration.defaultAPIBase))
    }

    /// The callback for later webhook messages, when `webhook.callback_url` is set.
    func webhookCallback() throws -> WebhookCallback.Configuration? {
        guard let text = webhook.callback_url, !text.isEmpty else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw SettingsError("webhook.callback_url must be an http(s) URL, not '\(text)'")
        }
        guard let secret = webhookSecret else {
            throw SettingsError("webhook.secret (LINLI_WEBHOOK_SECRET) is required to sign callbacks to webhook.callback_url")
        }
        return WebhookCallback.Configuration(url: url, secret: secret, legacySignature: webhookLegacySignature)
    }

    private static func apiBase(_ text: String?, key: String, default base: URL) throws -> URL {
        guard let text, !text.isEmpty else { return base }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw SettingsError("\(key) must be an http(s) URL, not '\(text)'")
        }
        return url
    }
}
