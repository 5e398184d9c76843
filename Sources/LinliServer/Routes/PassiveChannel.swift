import Foundation
import Hummingbird
import LinliCore
import LinliGateways

/// The receive flow the WeChat and WeCom controllers share. Both platforms push XML and
/// take a passive XML reply in the same HTTP answer; they differ only in how a push is
/// decoded, how a reply is wrapped and what "nothing to say" looks like, so those come in
/// as closures and the order of the steps (body limit, decode, route, answer) lives here once.
struct PassiveChannel: Sendable {
    let name: String
    let pipeline: MessagePipeline
    let menu: [String: String]
    let maxBodySize: Int
    let rateLimitedReply: String?

    /// Answers a `GET` URL check, which is held to the timestamp window around the pipeline's time;
    /// a refusal goes through the pipeline so it is logged and counted like any other.
    func verify(_ request: Request, answer: (_ query: [String: String], _ now: Date) throws(GatewayError) -> String) -> Response {
        do throws(GatewayError) {
            return HTTPReply.text(try answer(try request.platformQuery(), pipeline.now()))
        } catch {
            return pipeline.reject(error, channel: name)
        }
    }

    /// Handles a `POST` push and builds the passive answer.
    func receive<Inbound>(
        _ request: Request,
        acknowledgement: () -> Response,
        decode: (_ query: [String: String], _ body: ByteBuffer, _ now: Date) throws(GatewayError) -> Inbound,
        message: (Inbound) -> WeChat.Message,
        encodeReply: (_ xml: String, _ inbound: Inbound, _ timestamp: Int64) throws(GatewayError) -> String
    ) async -> Response {
        var request = request
        let body: ByteBuffer
        switch await pipeline.collect(&request, limit: maxBodySize, channel: name) {
        case .body(let collected): body = collected
        case .refused(let response): return response
        }
        let inbound: Inbound
        do throws(GatewayError) {
            inbound = try decode(try request.platformQuery(), body, pipeline.now())
        } catch {
            return pipeline.reject(error, channel: name)
        }
        let received = message(inbound)
        let route: InboundRoute
        do throws(GatewayError) {
            route = try InboundRoute.map(received, channel: name, menu: menu, receivedAt: pipeline.now())
        } catch {
            return pipeline.reject(error, channel: name)
        }
        let answer: MessagePipeline.PassiveAnswer
        switch route {
        case .acknowledge(let key):
            answer = await pipeline.acknowledgeAnswer(key: key)
        case .erase(let user, let key):
            answer = await pipeline.acknowledgeAnswer(key: key, erasing: user)
        case .engine(let message):
            answer = await pipeline.passiveAnswer(for: message, rateLimitedReply: rateLimitedReply)
        }
        switch answer {
        case .acknowledge:
            return acknowledgement()
        case .unavailable:
            return HTTPReply.text("unavailable", status: .serviceUnavailable)
        case .reply(let text):
            let seconds = Int64(pipeline.now().timeIntervalSince1970)
            let reply = WeChat.TextReply(replyingTo: received, content: text, createTime: seconds)
            do throws(GatewayError) {
                return HTTPReply.xml(try encodeReply(reply.xml, inbound, seconds))
            } catch {
                return pipeline.reject(error, channel: name)
            }
        }
    }
}
