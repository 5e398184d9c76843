/// An access token as a token endpoint issued it.
public struct AccessToken: Sendable, Equatable {
    /// The token, sent as the `access_token` query parameter; a secret.
    public var value: String
    /// How long the platform said it stays valid (`expires_in`).
    public var expiresIn: Duration

    /// Creates a token.
    public init(value: String, expiresIn: Duration) {
        self.value = value
        self.expiresIn = expiresIn
    }
}

extension AccessToken: CustomStringConvertible {
    /// The lifetime only: a token interpolated into a log line must not leak.
    public var description: String {
        "AccessToken(redacted, expires in \(expiresIn))"
    }
}
