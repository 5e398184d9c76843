import Hummingbird
import NIOCore

/// The few shapes of HTTP answer the server gives.
enum HTTPReply {
    /// Plain text, for acknowledgements, echoes and errors.
    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        body(text, status: status, contentType: "text/plain; charset=utf-8")
    }

    /// A passive-reply XML document (plain or an encrypted envelope).
    static func xml(_ xml: String) -> Response {
        body(xml, status: .ok, contentType: "text/xml; charset=utf-8")
    }

    /// A JSON document.
    static func json(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        body(json, status: status, contentType: "application/json; charset=utf-8")
    }

    /// An empty 200: WeCom's "received, nothing to say".
    static func empty() -> Response {
        Response(status: .ok, body: .init(byteBuffer: ByteBuffer()))
    }

    /// `text` as `contentType` with `status`.
    static func body(_ text: String, status: HTTPResponse.Status, contentType: String) -> Response {
        let buffer = ByteBuffer(string: text)
        return Response(
            status: status,
            // Never let a browser guess a type: an echoed value must stay text.
            headers: [.contentType: contentType, .init("X-Content-Type-Options")!: "nosniff"],
            body: .init(byteBuffer: buffer))
    }
}
