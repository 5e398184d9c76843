import Foundation
import Hummingbird
import LinliCore
import LinliGateways
import NIOCore

/// `GET /media/{id}?exp=UNIX&sig=HEX`: a stored photo, recording, video or file, to whoever
/// holds a link 详情 made: 403 when the signature is wrong or its time is past, 404 when no
/// such media is kept. The row's bytes are the body as read, with the type they were
/// recognised as, never a browser's guess.
struct MediaController: Sendable {
    let pipeline: MessagePipeline
    let signer: MediaLinkSigner

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("media/:id") { request, context in try await serve(request, context) }
    }

    func serve(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(Int64.init),
              let expiry = request.uri.queryParameters.get("exp").flatMap(Int64.init),
              let signature = request.uri.queryParameters.get("sig"),
              signer.accepts(id: id, expiry: expiry, signature: signature, at: pipeline.now()) else {
            return HTTPReply.text("forbidden", status: .forbidden)
        }
        let media = try await pipeline.blocking { [store = pipeline.engine.store] in try store.read { try $0.media(id: id) } }
        guard let media else { return HTTPReply.text("not found", status: .notFound) }
        return Response(
            status: .ok,
            headers: [.contentType: media.contentType, .init("X-Content-Type-Options")!: "nosniff",
                      .cacheControl: "private, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(bytes: media.bytes)))
    }
}
