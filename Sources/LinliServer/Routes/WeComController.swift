import Foundation
import Hummingbird
import LinliCore
import LinliGateways
import Logging

/// `GET /wecom` (URL verification with a decrypted echostr) and `POST /wecom` (encrypted
/// pushes, encrypted replies) of a WeCom self-built app.
struct WeComController: Sendable {
    static let channel = "wecom"

    let endpoint: WeCom.Endpoint
    let pipeline: MessagePipeline
    let menu: [String: String]
    let maxBodySize: Int
    let rateLimitedReply: String?

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("wecom") { request, _ in verify(request) }
        router.post("wecom") { request, _ in await receive(request) }
    }

    /// Built per request: a few stored values copied, so the controller keeps its memberwise init.
    private var passive: PassiveChannel {
        PassiveChannel(name: Self.channel, pipeline: pipeline, menu: menu, maxBodySize: maxBodySize,
                       rateLimitedReply: rateLimitedReply)
    }

    func verify(_ request: Request) -> Response {
        passive.verify(request) { query, now throws(GatewayError) in try endpoint.verifyURL(query: query, now: now) }
    }

    func receive(_ request: Request) async -> Response {
        await passive.receive(
            request,
            acknowledgement: {
                // WeCom's "received, nothing to say" is an empty 200.
                HTTPReply.empty()
            },
            decode: { query, body, now throws(GatewayError) in
                try endpoint.decodeInbound(query: query, body: body.readableBytesView, now: now)
            },
            message: { $0.message },
            encodeReply: { xml, inbound, seconds throws(GatewayError) in
                try endpoint.encodeReply(xml: xml, timestamp: seconds, nonce: inbound.nonce)
            }
        )
    }
}
