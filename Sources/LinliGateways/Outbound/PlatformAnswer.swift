import Foundation

/// What a Tencent API answered to a call, decided on `errcode` alone.
///
/// The platforms answer errors with HTTP 200 and `{"errcode":N,"errmsg":"…"}`; success has
/// `errcode` 0, or none at all on the token endpoints. `errmsg` wording changes over time
/// and is never used to decide.
public enum PlatformAnswer: Sendable, Equatable {
    /// `errcode` 0 or absent.
    case ok
    /// A non-zero `errcode`.
    case error(code: Int)
    /// A status other than 2xx (a proxy or gateway in between failed).
    case httpStatus(Int)
    /// A 2xx answer whose body is not a JSON object with a numeric `errcode` or none.
    case unreadable

    /// Reads `response`.
    public init(_ response: HTTPResponse) {
        guard response.isSuccess else {
            self = .httpStatus(response.status)
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            self = .unreadable
            return
        }
        guard let raw = object["errcode"], !(raw is NSNull) else {
            self = .ok
            return
        }
        guard let code = JSONField.integer(raw) else {
            self = .unreadable
            return
        }
        self = code == 0 ? .ok : .error(code: code)
    }

    /// Whether the answer says the access token was rejected: 40001 (invalid credential or not
    /// the latest token), 40014 (invalid token), 42001 (expired).
    public var rejectsToken: Bool {
        if case .error(let code) = self {
            return Self.tokenErrorCodes.contains(code)
        }
        return false
    }

    /// The errcodes that mean "fetch a new token and try once more".
    static let tokenErrorCodes: Set<Int> = [40001, 40014, 42001]
}
