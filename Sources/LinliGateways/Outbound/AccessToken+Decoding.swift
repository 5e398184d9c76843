import Foundation

extension AccessToken {
    /// Reads a token endpoint's answer: `{"access_token":…,"expires_in":N}`, with `errcode` 0
    /// or none.
    ///
    /// - Throws: ``GatewayError/Code/invalidConfiguration`` with the errcode when the platform
    ///   refused (wrong secret, IP not whitelisted, quota), ``GatewayError/Code/malformedJSON``
    ///   when the answer is not a token at all. Neither carries the token or the secret.
    static func decode(_ response: HTTPResponse) throws(GatewayError) -> AccessToken {
        switch PlatformAnswer(response) {
        case .ok:
            break
        case .error(let code):
            throw GatewayError(.invalidConfiguration, "token endpoint refused the request", value: "errcode \(code)")
        case .httpStatus(let status):
            throw GatewayError(.malformedJSON, "token endpoint answered without a token", value: "HTTP \(status)")
        case .unreadable:
            throw GatewayError(.malformedJSON, "token endpoint answer is not JSON")
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            throw GatewayError(.malformedJSON, "token endpoint answer is not JSON")
        }
        guard let value = object["access_token"] as? String, !value.isEmpty else {
            throw GatewayError(.malformedJSON, "token answer lacks a field", value: "access_token")
        }
        guard let seconds = JSONField.integer(object["expires_in"]), seconds > 0 else {
            throw GatewayError(.malformedJSON, "token answer lacks a field", value: "expires_in")
        }
        // The platforms give 7,200 s; a lifetime past a day is not believed, so that a
        // broken or hostile answer cannot pin a token for ever.
        return AccessToken(value: value, expiresIn: .seconds(min(seconds, Self.longestLifetime)))
    }

    /// The longest lifetime taken from a token answer, in seconds.
    static let longestLifetime = 86_400
}
