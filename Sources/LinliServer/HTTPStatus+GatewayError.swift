import Hummingbird
import LinliGateways

extension HTTPResponse.Status {
    /// The status for a request the gateway layer refused.
    ///
    /// Authentication failures are 401, a message for another app 403; everything else the
    /// sender got wrong is 400, an oversized body 413. A missing encryption key on our side
    /// is still the sender's problem as far as HTTP goes: the push cannot be read.
    init(_ error: GatewayError) {
        switch error.code {
        case .badSignature, .staleTimestamp, .replayedRequest:
            self = .unauthorized
        case .appIdMismatch, .agentMismatch:
            self = .forbidden
        case .bodyTooLarge:
            self = .contentTooLarge
        case .encryptFailed:
            self = .internalServerError
        case .invalidConfiguration, .missingParameter, .malformedParameter, .malformedXML, .doctypeRefused,
             .unsupportedMarkup, .missingField, .invalidField, .encryptionRequired, .decryptFailed, .malformedJSON:
            self = .badRequest
        }
    }
}
