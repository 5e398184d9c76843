import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LinliGateways

/// Plays Tencent's API servers and a webhook receiver behind the `HTTPClient` seam: records
/// every request and answers as the platforms do. Token endpoints issue `TOKEN-1`, `TOKEN-2`,
/// …; send endpoints accept only the latest token. Scripted answers for a path come first.
final class DeliveryFakePlatform: HTTPClient, @unchecked Sendable {
    /// A scripted answer.
    enum Answer {
        /// HTTP 200 with this JSON body.
        case json(String)
        /// This status and an empty body.
        case status(Int)
        /// No answer: the transport times out.
        case timeout
    }

    private let lock = NSLock()
    private var recorded: [LinliGateways.HTTPRequest] = []
    private var accepted: [String] = []
    private var scripts: [String: [Answer]] = [:]
    private var failing: Set<String> = []
    private var issued = 0
    private var validToken: String?

    /// Answers the next requests to `path` with `answers`, in order.
    func script(_ path: String, _ answers: Answer...) {
        lock.withLock { scripts[path, default: []].append(contentsOf: answers) }
    }

    /// Makes sends to `user` (OpenID, WeCom UserID or webhook user id) time out until `heal`.
    func breakUser(_ user: String) { lock.withLock { _ = failing.insert(user) } }

    /// Undoes `breakUser`.
    func heal(_ user: String) { lock.withLock { _ = failing.remove(user) } }

    /// "user: text" of every message the platform accepted, in order of arrival.
    var delivered: [String] { lock.withLock { accepted } }

    /// Every request so far, including refused ones.
    var requests: [LinliGateways.HTTPRequest] { lock.withLock { recorded } }

    func send(_ request: LinliGateways.HTTPRequest) async throws -> LinliGateways.HTTPResponse {
        let object = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any]
        let user = (object?["touser"] ?? object?["user_id"]) as? String
        // A 订阅通知 is recorded by its template, with its data as JSON.
        let subscription = (object?["template_id"] as? String).map { template in
            "订阅通知 \(template) " + String(decoding: (try? JSONSerialization.data(withJSONObject: object?["data"] ?? [:], options: .sortedKeys)) ?? Data(),
                                              as: UTF8.self)
        }
        let text = (object?["text"] as? [String: Any])?["content"] as? String ?? object?["text"] as? String ?? subscription
        lock.withLock { recorded.append(request) }
        let response = try answer(request, user: user)
        let acceptedByPlatform = response.status == 200
            && (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["errcode"] as? Int ?? 0 == 0
        if let user, let text, acceptedByPlatform {
            lock.withLock { accepted.append("\(user): \(text)") }
        }
        return response
    }

    private func answer(_ request: LinliGateways.HTTPRequest, user: String?) throws -> LinliGateways.HTTPResponse {
        let path = request.url.path
        let scripted: Answer? = lock.withLock {
            if let user, failing.contains(user) { return .timeout }
            guard var queue = scripts[path], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            scripts[path] = queue
            return first
        }
        switch scripted {
        case .timeout?:
            throw URLError(.timedOut)
        case .status(let status)?:
            return LinliGateways.HTTPResponse(status: status)
        case .json(let body)?:
            return json(body)
        case nil:
            break
        }
        if path.hasSuffix("/cgi-bin/token") || path.hasSuffix("/cgi-bin/gettoken") {
            let token: String = lock.withLock {
                issued += 1
                validToken = "TOKEN-\(issued)"
                return validToken!
            }
            return json(#"{"access_token":"\#(token)","expires_in":7200}"#)
        }
        if path.hasSuffix("/send") || path.hasSuffix("/bizsend") {
            let token = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?
                .queryItems?.first { $0.name == "access_token" }?.value
            let valid = lock.withLock { token == validToken }
            return json(valid ? #"{"errcode":0,"errmsg":"ok"}"# : #"{"errcode":40001,"errmsg":"invalid credential"}"#)
        }
        return LinliGateways.HTTPResponse(status: 200)
    }

    private func json(_ body: String) -> LinliGateways.HTTPResponse {
        LinliGateways.HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }
}

