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

    func verify(_ request: Request) -> Response {
        do throws(GatewayError) {
            return HTTPReply.text(try endpoint.verifyURL(query: try request.platformQuery()))
        } catch {
            return pipeline.reject(error, channel: Self.channel)
        }
    }

    func receive(_ request: Request) async -> Response {
        var request = request
        let body: ByteBuffer
        switch await pipeline.collect(&request, limit: maxBodySize, channel: Self.channel) {
        case .body(let collected): body = collected
        case .refused(let response): return response
        }
        let inbound: WeChat.Inbound
        do throws(GatewayError) {
            inbound = try endpoint.decodeInbound(query: try request.platformQuery(), body: body.readableBytesView, now: pipeline.now())
        } catch {
            return pipeline.reject(error, channel: Self.channel)
        }
        let answer: MessagePipeline.PassiveAnswer
        switch InboundRoute.map(inbound.message, channel: Self.channel, menu: menu, receivedAt: pipeline.now()) {
        case .acknowledge(let key):
            answer = await pipeline.acknowledgeAnswer(key: key)
        case .engine(let message):
            answer = await pipeline.passiveAnswer(for: message, rateLimitedReply: rateLimitedReply)
        }
        switch answer {
        case .acknowledge:
            // Never encrypted, in any mode.
            return HTTPReply.text(WeChat.Endpoint.acknowledgement)
        case .unavailable:
            return HTTPReply.text("unavailable", status: .serviceUnavailable)
        case .reply(let text):
            let seconds = Int64(pipeline.now().timeIntervalSince1970)
            let reply = WeChat.TextReply(replyingTo: inbound.message, content: text, createTime: seconds)
            do throws(GatewayError) {
                return HTTPReply.xml(try endpoint.encodeReply(xml: reply.xml, mode: inbound.mode, timestamp: seconds, nonce: inbound.nonce))
            } catch {
                return pipeline.reject(error, channel: Self.channel)
            }
        }
    }
}
