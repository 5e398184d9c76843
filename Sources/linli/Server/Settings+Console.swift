import Foundation
import LinliCore
import LinliGateways

extension Settings {
    /// The `console:` section of the file.
    struct ConsoleFile: Decodable {
        /// The console's public address, e.g. `https://linli.example.cn`.
        var base_url: String?
    }

    /// How 登录 makes sign-in links: nil (登录 says the console is not set up) without
    /// `console.base_url`.
    ///
    /// - Throws: `SettingsError` when the address is not an http(s) URL without a query.
    func consoleLinks() throws -> ConsoleLinks? {
        guard let text = consoleBaseURL, !text.isEmpty else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              url.host?.isEmpty == false, url.query == nil, url.fragment == nil else {
            throw SettingsError("console.base_url (LINLI_CONSOLE_BASE_URL) must be an http(s) address such as https://linli.example.cn, not '\(text)'")
        }
        return ConsoleLinks(baseURL: text, minter: SecretTokens())
    }
}
