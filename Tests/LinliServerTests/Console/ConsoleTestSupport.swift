import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LinliCore
@testable import LinliServer
import NIOCore

/// A sign-in double: the staff member named by the `X-Test-Staff` header (an id of the
/// harness's directory, or `other-grid`, a worker of a grid the directory does not serve),
/// with the anti-forgery token `test-csrf`.
struct TestSignIn: ConsoleSignIn {
    static let csrf = "test-csrf"
    static let header = HTTPField.Name("X-Test-Staff")!
    static let otherGrid = Directory.Staff(id: "wechat:other-openid", name: "外网格员", role: .gridWorker, grids: ["g2"])

    func identity(for request: Request) async throws -> ConsoleIdentity? {
        guard let id = request.headers[Self.header] else { return nil }
        let staff = id == "other-grid" ? Self.otherGrid : Harness.directory.member(id)
        return staff.map { ConsoleIdentity(staff: $0, csrfToken: Self.csrf) }
    }

    func checkCSRF(_ identity: ConsoleIdentity, submitted: String?) throws {
        guard submitted == identity.csrfToken else { throw HTTPError(.forbidden) }
    }
}

extension Harness {
    /// The console's pages alone (and `/media` when links are configured), over the harness's
    /// engine and clock, signed in by `TestSignIn`.
    func console<Value: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let c = configuration
        let pipeline = MessagePipeline(
            engine: c.engine, executor: c.executor, limiter: RateLimiter(policy: c.rateLimit), metrics: c.metrics,
            deadline: c.replyDeadline, clock: c.clock, now: c.now, logger: c.logger)
        let router = Router(context: BasicRequestContext.self)
        ConsolePagesController(pipeline: pipeline, signIn: TestSignIn()).addRoutes(to: router)
        if let signer = c.mediaLinks { MediaController(pipeline: pipeline, signer: signer).addRoutes(to: router) }
        return try await Application(router: router).test(.router, body)
    }
}

extension TestClientProtocol {
    /// GETs `uri` as staff member `staff` (nil: signed out).
    func get(_ uri: String, as staff: String?) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: staff.map { [TestSignIn.header: $0] } ?? [:])
    }

    /// POSTs the form `fields` to `uri` as staff member `staff`.
    func post(_ uri: String, as staff: String?, form fields: [(String, String)]) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let staff { headers[TestSignIn.header] = staff }
        let body = fields.map { "\($0.0)=\(ConsoleQueueFilter.escaped($0.1))" }.joined(separator: "&")
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}
