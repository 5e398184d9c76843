import Foundation
import Hummingbird
import LinliCore
import LinliGateways
import Logging

/// `POST /webhook`: the generic JSON channel, HMAC-signed.
struct WebhookController: Sendable {
    static let channel = "webhook"

    let signer: Webhook.Signer
    let pipeline: MessagePipeline
    let maxBodySize: Int
    /// Seconds until a rate-limited sender has a message again, for `Retry-After`.
    let retryAfter: Int

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("webhook") { request, _ in await receive(request) }
    }

    func receive(_ request: Request) async -> Response {
        var request = request
        let body: ByteBuffer
        switch await pipeline.collect(&request, limit: maxBodySize, channel: Self.channel) {
        case .body(let collected): body = collected
        case .refused(let response): return response
        }
        let decoded: Webhook.Message
        let sender: UserID
        do throws(GatewayError) {
            // The signature covers the raw bytes, so it is checked before any parsing.
            try signer.verify(
                body: body.readableBytesView, timestamp: request.header(Webhook.timestampHeader),
                header: request.header(Webhook.signatureHeader), now: pipeline.now())
            decoded = try Webhook.Message.decode(body.readableBytesView, maxSize: maxBodySize)
            sender = try UserID.checked(channel: Self.channel, id: decoded.userID, field: "user_id")
        } catch {
            return pipeline.reject(error, channel: Self.channel)
        }
        let message = InboundMessage(
            userID: sender, messageID: "\(Self.channel):\(decoded.messageID)",
            content: .text(decoded.text), receivedAt: pipeline.now())
        switch await pipeline.process(message) {
        case .answered(let handled):
            return HTTPReply.json(Webhook.encodeReplies(handled.replies))
        case .late:
            // Accepted; the replies follow through the callback URL.
            return HTTPReply.json(Webhook.encodeReplies([]), status: .accepted)
        case .rateLimited:
            var response = HTTPReply.json("{\"error\":\"rateLimited\"}", status: .tooManyRequests)
            response.headers[.retryAfter] = String(retryAfter)
            return response
        case .failed(let error):
            pipeline.logger.error("linli.message.failed", metadata: [
                "linli.user": .string(message.userID.redacted), "linli.error": .string(String(describing: error)),
            ])
            return HTTPReply.json("{\"error\":\"unavailable\"}", status: .serviceUnavailable)
        }
    }
}
