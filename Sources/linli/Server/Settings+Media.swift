import Foundation
import LinliCore
import LinliGateways
import LinliServer

extension Settings {
    /// The `media:` section of the file.
    struct MediaFile: Decodable {
        /// The largest photo, recording, video or file kept, in bytes (default 25 MB).
        var max_bytes: Int?
        /// Downloads per platform and day (default 5000; 0 counts none).
        var daily_quota: Int?
        /// How long a 详情 link works, in seconds (default 3600).
        var link_lifetime: Int?
        /// Seconds after 办结 N in which a staff member's photo is N's closing evidence (default 600).
        var closing_photo_within: Int?
        /// Days media are kept after their request closed (default 180).
        var retention_days: Int?
        /// The address links start with; default `console.base_url`.
        var public_base_url: String?
        /// The key links are signed with; default one derived from the WeChat app secret, else
        /// the WeCom corp secret.
        var link_secret: String?
    }

    /// The download service's limits.
    func mediaServiceConfiguration() throws -> MediaService.Configuration {
        let maxBytes = media.max_bytes ?? 25 * 1024 * 1024
        guard maxBytes > 0 else { throw SettingsError("media.max_bytes must be a positive number of bytes, not \(maxBytes)") }
        let quota = media.daily_quota ?? 5000
        guard quota >= 0 else { throw SettingsError("media.daily_quota must be 0 (no count) or more, not \(quota)") }
        return MediaService.Configuration(maxBytes: maxBytes, dailyQuota: quota == 0 ? nil : quota, timeZone: timeZone)
    }

    /// Days media are kept after their request closed.
    func mediaRetentionDays() throws -> Int {
        let days = media.retention_days ?? 180
        guard days > 0 else { throw SettingsError("media.retention_days must be a positive number of days, not \(days)") }
        return days
    }

    /// How `/media/{id}` links are signed: nil (no links, no route) without an address
    /// (`media.public_base_url` or `console.base_url`) or a secret to sign with.
    func mediaLinkSigner() throws -> MediaLinkSigner? {
        guard let base = media.public_base_url ?? consoleBaseURL, !base.isEmpty else { return nil }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              url.host?.isEmpty == false, url.query == nil else {
            throw SettingsError("media.public_base_url (LINLI_MEDIA_PUBLIC_BASE_URL) must be an http(s) address, not '\(base)'")
        }
        // A secret of its own, or one derived from a platform secret that never leaves the
        // server anyway: the label keeps a link's signature from being any API's.
        let derived = (wechat.app_secret ?? wecom.corp_secret).map { "linli-media-links:" + $0 }
        guard let secret = media.link_secret ?? derived, !secret.isEmpty else { return nil }
        let lifetime = media.link_lifetime ?? 3600
        guard lifetime > 0 else { throw SettingsError("media.link_lifetime must be a positive number of seconds, not \(lifetime)") }
        do {
            return try MediaLinkSigner(secret: secret, baseURL: base, lifetime: TimeInterval(lifetime))
        } catch {
            throw SettingsError("media: \(error)")
        }
    }
}
