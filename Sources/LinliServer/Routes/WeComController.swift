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
        let inbound: WeCom.Inbound
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
            // WeCom's "received, nothing to say" is an empty 200.
            return HTTPReply.empty()
        case .unavailable:
            return HTTPReply.text("unavailable", status: .serviceUnavailable)
        case .reply(let text):
            let seconds = Int64(pipeline.now().timeIntervalSince1970)
            let reply = WeCom.TextReply(replyingTo: inbound.message, content: text, createTime: seconds)
            do throws(GatewayError) {
                return HTTPReply.xml(try endpoint.encodeReply(xml: reply.xml, timestamp: seconds, nonce: inbound.nonce))
            } catch {
                return pipeline.reject(error, channel: Self.channel)
            }
        }
    }
}
