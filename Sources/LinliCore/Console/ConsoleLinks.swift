import Foundation

/// What the `登录` staff command needs to send a console sign-in link: where the console
/// is, how long a link works, and who makes the tokens. An engine without it answers `登录`
/// that the console is not set up.
public struct ConsoleLinks: Sendable {
    /// The console's public address without a trailing slash (`console.base_url`), e.g.
    /// `https://linli.example.cn`; links are `<baseURL>/console/login?token=…`.
    public var baseURL: String
    /// How long a link signs in.
    public var validity: TimeInterval
    /// Makes the tokens and their digests.
    public var minter: any SignInTokenMinter

    /// Creates the settings; a link works for ten minutes unless told otherwise.
    public init(baseURL: String, validity: TimeInterval = 10 * 60, minter: any SignInTokenMinter) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.validity = validity
        self.minter = minter
    }

    /// The sign-in link carrying `token`.
    public func link(_ token: String) -> String {
        "\(baseURL)/console/login?token=\(token)"
    }
}
