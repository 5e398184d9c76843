import LinliCore
import Hummingbird
import LinliGateways
import Logging
import NIOCore

extension MessagePipeline {
    /// A request body, or the answer refusing it.
    enum Collected {
        /// The whole body, within the limit.
        case body(ByteBuffer)
        /// The answer to send instead (413 when too large).
        case refused(Response)
    }

    /// Reads the body of `request`, refusing more than `limit` bytes before reading them.
    func collect(_ request: inout Request, limit: Int, channel: String) async -> Collected {
        do {
            guard let body = try await request.collectBody(limit: limit) else {
                return .refused(reject(GatewayError(.bodyTooLarge, "body exceeds the size cap", value: "\(limit) bytes"), channel: channel))
            }
            return .body(body)
        } catch {
            logger.debug("linli.http.body_unreadable", metadata: ["linli.error": .string(String(describing: error))])
            metrics.recordRejected(channel: channel, reason: "unreadableBody")
            return .refused(HTTPReply.text("unreadable body", status: .badRequest))
        }
    }

    /// The answer refusing a request the gateway layer rejected; the store is never touched.
    ///
    /// The error's description is safe to log by construction (no secrets, no message text);
    /// the answer names only the code, so a prober learns nothing about the configuration.
    func reject(_ error: GatewayError, channel: String) -> Response {
        let status = HTTPResponse.Status(error)
        metrics.recordRejected(channel: channel, reason: error.code.rawValue)
        let level: Logger.Level = status == .internalServerError ? .error : .notice
        logger.log(level: level, "linli.http.rejected", metadata: [
            "linli.channel": .string(channel), "linli.status": .stringConvertible(status.code),
            "linli.error": .string(error.description),
        ])
        if channel == WebhookController.channel {
            return HTTPReply.json("{\"error\":\"\(error.code.rawValue)\"}", status: status)
        }
        return HTTPReply.text(error.code.rawValue, status: status)
    }

    /// Records a push that needs no answer and decides the acknowledgement; with `user`,
    /// first erases what is kept about them (idempotent, so a retry erases again harmlessly).
    func acknowledgeAnswer(key: String, erasing user: UserID? = nil) async -> PassiveAnswer {
        do {
            if let user {
                let at = now()
                try await blocking { [engine] in try engine.store.erase(user: user.rawValue, at: at) }
                logger.info("linli.user.erased", metadata: ["linli.user": .string(user.redacted)])
            }
            try await acknowledge(key: key)
            return .acknowledge
        } catch {
            logger.error("linli.message.acknowledge_failed", metadata: ["linli.error": .string(String(describing: error))])
            return .unavailable
        }
    }
}
