import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension Courier {
    /// Errcodes after which the same call can succeed later: system busy (-1), daily or
    /// per-minute API quota (45009, 45011), too many concurrent calls (45033).
    static let transientErrorCodes: Set<Int> = [-1, 45009, 45011, 45033]

    /// What people reading a failed row need to know about the commonest permanent errcodes.
    static let errorCodeHints: [Int: String] = [
        40003: "invalid OpenID",
        43004: "user has not followed the account",
        43101: "user has no unused subscription consent for the template",
        45015: "user silent for over 48 hours or unfollowed",
        45047: "customer-service message quota for this user used up",
        48001: "API not authorised for this account",
        81013: "WeCom user unknown or outside the app's visible range",
    ]

    /// The outcome of a Tencent API send that did not reject the token.
    static func outcome(of answer: PlatformAnswer) -> DeliveryOutcome {
        switch answer {
        case .ok:
            return .delivered
        case .error(let code) where transientErrorCodes.contains(code):
            return .retry(reason(for: answer))
        case .error:
            return .failed(reason(for: answer))
        case .httpStatus, .unreadable:
            // Tencent itself answers 200; anything else is a proxy or an outage in between.
            return .retry(reason(for: answer))
        }
    }

    /// The outcome of a webhook callback: 2xx delivered; a timeout, throttling or server
    /// error may pass; any other client error will not.
    static func outcome(ofCallback response: HTTPResponse) -> DeliveryOutcome {
        switch response.status {
        case 200..<300:
            return .delivered
        case 408, 425, 429, 500..<600:
            return .retry("HTTP \(response.status)")
        default:
            return .failed("HTTP \(response.status)")
        }
    }

    /// A short reason for `answer`: the errcode with a hint, or the HTTP status.
    static func reason(for answer: PlatformAnswer) -> String {
        switch answer {
        case .ok:
            return "ok"
        case .error(let code):
            if let hint = errorCodeHints[code] {
                return "errcode \(code): \(hint)"
            }
            return "errcode \(code)"
        case .httpStatus(let status):
            return "HTTP \(status)"
        case .unreadable:
            return "answer is not the platform's JSON"
        }
    }

    /// A reason for a thrown error that cannot carry a secret: transport errors by code,
    /// because their description includes the failing URL and so the access token.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as GatewayError:
            return error.description
        case let error as URLError:
            return describe(urlErrorCode: error.code.rawValue)
        case is CancellationError:
            return "cancelled"
        default:
            let nsError = error as NSError
            if nsError.domain == NSURLErrorDomain {
                return describe(urlErrorCode: nsError.code)
            }
            return "transport error (\(type(of: error)))"
        }
    }

    private static func describe(urlErrorCode code: Int) -> String {
        switch code {
        case URLError.timedOut.rawValue: return "timed out"
        case URLError.cannotConnectToHost.rawValue: return "connection refused"
        case URLError.cannotFindHost.rawValue, URLError.dnsLookupFailed.rawValue: return "host not found"
        case URLError.networkConnectionLost.rawValue: return "connection lost"
        case URLError.cancelled.rawValue: return "cancelled"
        case URLError.secureConnectionFailed.rawValue, URLError.serverCertificateUntrusted.rawValue:
            return "TLS failure"
        default: return "transport error (URLError \(code))"
        }
    }
}
