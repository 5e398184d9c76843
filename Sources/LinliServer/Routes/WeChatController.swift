import Foundation
import Hummingbird
import LinliCore
import LinliGateways
import Logging

/// `GET /wechat` (URL verification) and `POST /wechat` (pushes in plain, compatible and
/// safe mode) of an Official Account.
struct WeChatController: Sendable {
    static let channel = "wechat"

    let endpoint: WeChat.Endpoint
    let pipeline: MessagePipeline
    let menu: [String: String]
    let maxBodySize: Int
    let rateLimitedReply: String?

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("wechat") { request, _ in verify(request) }
        router.post("wechat") { request, _ in await receive(request) }
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
                // Never encrypted, in any mode.
                HTTPReply.text(WeChat.Endpoint.acknowledgement)
            },
            decode: { query, body, now throws(GatewayError) in
                try endpoint.decodeInbound(query: query, body: body.readableBytesView, now: now)
            },
            message: { $0.message },
            encodeReply: { xml, inbound, seconds throws(GatewayError) in
                try endpoint.encodeReply(xml: xml, mode: inbound.mode, timestamp: seconds, nonce: inbound.nonce)
            }
        )
    }
}
