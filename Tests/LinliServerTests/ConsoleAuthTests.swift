import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LinliCore
import LinliGateways
@testable import LinliServer
import LinliSQLite
import Logging
import Testing

@Suite("Console sign-in and sessions")
struct ConsoleAuthTests {
    static let worker = Directory.Staff(id: "webhook:worker", name: "王网格员", role: .gridWorker, grids: ["g1"])
    static let admin = Directory.Staff(id: "webhook:admin", name: "社区办公室", role: .admin)
    static let directory = try! Directory(staff: [worker, admin], grids: [.init(id: "g1", name: "东关第一网格", communities: ["凤鸣小区"], workers: [worker.id])])
    static let password = "correct horse battery"
    /// Cheap parameters for tests: verification reads them from the stored hash.
    static let cheap = PasswordHash.Parameters(logRounds: 4, blockSize: 8, parallelism: 1)

    let store: SQLiteStore
    let clock = TestTime(seconds: 1_790_000_000)
    let executor = BlockingExecutor(label: "console-auth-test", maximumThreads: 4)
    let secrets = SecretTokens()

    init() throws {
        store = try SQLiteStore(url: "sqlite::memory:")
        let hash = try PasswordHash.make(Self.password, parameters: Self.cheap)
        try store.write { tx in
            try tx.savePasswordHash(hash, staff: Self.admin.id, at: Date())
            // A non-admin with a password set by hand still cannot use it.
            try tx.savePasswordHash(hash, staff: Self.worker.id, at: Date())
        }
    }

    func sessions(_ directory: Directory = Self.directory) -> ConsoleSessions {
        let time = clock
        return ConsoleSessions(store: store, directory: directory, executor: executor, secrets: secrets, now: { time.now })
    }

    /// The sign-in routes, and `/console/probe`, a page that names who is signed in and,
    /// on POST, checks the anti-forgery token as the console's forms do.
    func test<T: Sendable>(directory: Directory = Self.directory, alwaysSecure: Bool = false,
                           _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        var logger = Logger(label: "console-auth-test")
        logger.logLevel = .critical
        let sessions = sessions(directory)
        let router = Router(context: BasicRequestContext.self)
        ConsoleAuthController(sessions: sessions, responses: Harness.responses, alwaysSecure: alwaysSecure, logger: logger).addRoutes(to: router)
        router.get("console/probe") { request, _ -> Response in
            guard let identity = try await sessions.identity(for: request) else {
                return Response(status: .seeOther, headers: [.location: "/console/login"])
            }
            return HTTPReply.text(identity.staff.id)
        }
        router.post("console/probe") { request, _ -> Response in
            guard let identity = try await sessions.identity(for: request) else { throw HTTPError(.forbidden) }
            try sessions.checkCSRF(identity, submitted: request.headers[.init("X-CSRF-Token")!])
            return HTTPReply.text("done")
        }
        return try await Application(router: router).test(.router, body)
    }

    /// A sign-in token for `staff`, stored as 登录 stores it, valid ten minutes from now.
    func issueToken(for staff: String) throws -> String {
        let token = secrets.token()
        let now = clock.now
        try store.write { try $0.saveSignInToken(SignInToken(digest: secrets.digest(of: token), staff: staff, expiresAt: now.addingTimeInterval(600)), at: now) }
        return token
    }

    /// The session cookie's value in a response's `Set-Cookie`.
    static func sessionID(_ response: TestResponse) -> String? {
        guard let header = response.headers[.setCookie], header.hasPrefix("\(ConsoleSessions.cookieName)=") else { return nil }
        return String(header.dropFirst(ConsoleSessions.cookieName.count + 1).prefix { $0 != ";" })
    }

    /// Posts a chat link's token as the link's page does when its button is clicked.
    static func useLink(_ client: any TestClientProtocol, _ token: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.post("/console/login", body: "token=\(token)", headers: headers)
    }

    static func cookie(_ id: String) -> HTTPFields {
        [.cookie: "\(ConsoleSessions.cookieName)=\(id)"]
    }

    /// The CSRF token of the session `id`, read from the store as a page would be given it.
    func csrf(of id: String) throws -> String {
        let digest = secrets.digest(of: id)
        let now = clock.now
        return try #require(try store.read { try $0.consoleSession(digest: digest, at: now) }).csrfToken
    }

    @Test("GET /console/login shows the Chinese form and the 登录 hint, never cached")
    func loginPage() async throws {
        try await test { client in
            let response = try await client.get("/console/login")
            #expect(response.status == .ok)
            #expect(response.text.contains("name=\"password\"") && response.text.contains("发送「登录」"))
            #expect(response.headers[.cacheControl] == "no-store")
        }
    }

    @Test("Opening a chat link uses nothing: its page posts the token, which signs in once (cookie HttpOnly, SameSite=Strict, Path=/console, 303 to /console)")
    func linkSignsIn() async throws {
        let token = try issueToken(for: Self.worker.id)
        try await test { client in
            // A chat app's link preview opens it first, then the person does: neither spends it.
            for _ in 0..<2 {
                let opened = try await client.get("/console/login", query: "token=\(token)")
                #expect(opened.status == .ok && opened.headers[.setCookie] == nil)
                #expect(opened.text.contains("name=\"token\" value=\"\(token)\"") && opened.text.contains("进入工作台"))
                #expect(!opened.text.contains("name=\"password\""))
            }
            let response = try await Self.useLink(client, token)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/console")
            let header = try #require(response.headers[.setCookie])
            #expect(header.contains("HttpOnly") && header.contains("SameSite=Strict") && header.contains("Path=/console"))
            #expect(!header.contains("Secure"))
            let id = try #require(Self.sessionID(response))
            let probe = try await client.execute(uri: "/console/probe", method: .get, headers: Self.cookie(id))
            #expect(probe.text == Self.worker.id)

            let again = try await Self.useLink(client, token)
            #expect(again.status == .forbidden)
            #expect(again.headers[.setCookie] == nil && again.text.contains("已用过"))
        }
    }

    @Test("A link's token posted from another site is refused and stays usable")
    func crossSiteLink() async throws {
        let token = try issueToken(for: Self.worker.id)
        try await test { client in
            let forged = try await Self.useLink(client, token, headers: [.init("Sec-Fetch-Site")!: "cross-site"])
            #expect(forged.status == .forbidden && forged.headers[.setCookie] == nil)
            #expect(try await Self.useLink(client, token).status == .seeOther)
        }
    }

    @Test("A member approved in the database (双报到) signs in by link at once, and no more once cancelled")
    func registeredMemberSignsIn() async throws {
        let engine = Engine(nlu: Harness.nlu, responses: Harness.responses, directory: Self.directory, store: store, logger: Logger(label: "test"))
        let time = clock
        let sessions = ConsoleSessions(store: store, directory: { try engine.directory(in: $0) }, executor: executor, secrets: secrets,
                                       now: { time.now })
        var member = Member(id: "webhook:zhang", name: "张三", phone: "13800001234", community: "凤鸣小区", grids: ["g1"], joinedAt: clock.now)
        #expect(try await sessions.useSignInToken(try issueToken(for: member.id)) == nil)
        // Saved as an approval on another server would: no message went through this engine.
        try store.write { try $0.save(member) }
        #expect(try await sessions.useSignInToken(try issueToken(for: member.id))
                == Directory.Staff(id: member.id, name: "张三", role: .partyMember, grids: ["g1"]))
        member.active = false
        try store.write { try $0.save(member) }
        #expect(try await sessions.useSignInToken(try issueToken(for: member.id)) == nil)
    }

    @Test("An expired or unknown link signs nobody in")
    func expiredLink() async throws {
        let token = try issueToken(for: Self.worker.id)
        clock.advance(by: 600)
        try await test { client in
            for guess in [token, secrets.token(), "short"] {
                let response = try await Self.useLink(client, guess)
                #expect(response.status == .forbidden)
                #expect(response.headers[.setCookie] == nil)
            }
            // One that could never be a token is refused as soon as its link is opened.
            #expect(try await client.get("/console/login", query: "token=short").status == .forbidden)
        }
    }

    @Test("The cookie is Secure behind TLS (X-Forwarded-Proto) and when the console's address is https")
    func secureCookies() async throws {
        let first = try issueToken(for: Self.worker.id)
        try await test { client in
            let response = try await Self.useLink(client, first, headers: [.init("X-Forwarded-Proto")!: "https"])
            #expect(response.headers[.setCookie]?.contains("Secure") == true)
        }
        let second = try issueToken(for: Self.worker.id)
        try await test(alwaysSecure: true) { (client: any TestClientProtocol) async throws in
            #expect(try await Self.useLink(client, second).headers[.setCookie]?.contains("Secure") == true)
        }
    }

    @Test("A wrong password, an unknown id and a non-admin get the same answer; the right one signs in")
    func passwords() async throws {
        try await test { client in
            func attempt(_ id: String, _ password: String) async throws -> TestResponse {
                try await client.post("/console/login", body: "id=\(id)&password=\(password.replacingOccurrences(of: " ", with: "+"))",
                                      headers: [.contentType: "application/x-www-form-urlencoded"])
            }
            let wrong = try await attempt(Self.admin.id, "wrong password!")
            let unknown = try await attempt("webhook:nobody", Self.password)
            let notAdmin = try await attempt(Self.worker.id, Self.password)
            for refused in [wrong, unknown, notAdmin] {
                #expect(refused.status == .unauthorized)
                #expect(refused.text == wrong.text)
                #expect(refused.headers[.setCookie] == nil)
            }
            let forged = try await client.post("/console/login", body: "id=\(Self.admin.id)&password=\(Self.password.replacingOccurrences(of: " ", with: "+"))",
                                               headers: [.contentType: "application/x-www-form-urlencoded", .init("Sec-Fetch-Site")!: "cross-site"])
            #expect(forged.status == .forbidden && forged.headers[.setCookie] == nil)
            let right = try await attempt(Self.admin.id, Self.password)
            #expect(right.status == .seeOther && right.headers[.location] == "/console")
            let id = try #require(Self.sessionID(right))
            #expect(try await client.execute(uri: "/console/probe", method: .get, headers: Self.cookie(id)).text == Self.admin.id)
        }
    }

    @Test("Password attempts are limited per id: the sixth in a row is refused even when right")
    func rateLimited() async throws {
        try await test { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            for _ in 0..<5 {
                #expect(try await client.post("/console/login", body: "id=\(Self.admin.id)&password=nope", headers: form).status == .unauthorized)
            }
            let sixth = try await client.post("/console/login", body: "id=\(Self.admin.id)&password=\(Self.password)", headers: form)
            #expect(sixth.status == .tooManyRequests && sixth.headers[.setCookie] == nil)
        }
    }

    @Test("A POST without the session's CSRF token is refused 403; with it, logout ends the session")
    func csrfAndLogout() async throws {
        let token = try issueToken(for: Self.worker.id)
        try await test { client in
            let id = try #require(Self.sessionID(try await Self.useLink(client, token)))
            let csrf = try csrf(of: id)
            #expect(try await client.execute(uri: "/console/probe", method: .post, headers: Self.cookie(id)).status == .forbidden)
            var wrong = Self.cookie(id)
            wrong[.init("X-CSRF-Token")!] = String(csrf.reversed())
            #expect(try await client.execute(uri: "/console/probe", method: .post, headers: wrong).status == .forbidden)
            var right = Self.cookie(id)
            right[.init("X-CSRF-Token")!] = csrf
            #expect(try await client.execute(uri: "/console/probe", method: .post, headers: right).text == "done")

            #expect(try await client.post("/console/logout", body: "", headers: Self.cookie(id)).status == .forbidden)
            #expect(try await client.post("/console/logout", body: "csrf=nope", headers: Self.cookie(id)).status == .forbidden)
            #expect(try await client.post("/console/logout", body: "").status == .forbidden)
            #expect(try await client.execute(uri: "/console/probe", method: .get, headers: Self.cookie(id)).text == Self.worker.id)

            var form = Self.cookie(id)
            form[.contentType] = "application/x-www-form-urlencoded"
            let out = try await client.post("/console/logout", body: "csrf=\(csrf)", headers: form)
            #expect(out.status == .seeOther && out.headers[.location] == "/console/login")
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await client.execute(uri: "/console/probe", method: .get, headers: Self.cookie(id)).status == .seeOther)
        }
    }

    @Test("A staff member removed from the directory loses access at the next request")
    func removedStaff() async throws {
        let id = try await sessions().start(for: Self.worker.id)
        let without = try Directory(staff: [Self.admin], grids: [])
        try await test(directory: without) { client in
            #expect(try await client.execute(uri: "/console/probe", method: .get, headers: Self.cookie(id)).status == .seeOther)
            var post = Self.cookie(id)
            post[.init("X-CSRF-Token")!] = try csrf(of: id)
            #expect(try await client.execute(uri: "/console/probe", method: .post, headers: post).status == .forbidden)
        }
        // A link issued before the removal does not sign them in either.
        let token = try issueToken(for: Self.worker.id)
        try await test(directory: without) { (client: any TestClientProtocol) async throws in
            #expect(try await Self.useLink(client, token).status == .forbidden)
        }
    }

    @Test("A session ends after twelve idle hours, and each use moves that on")
    func idleTimeout() async throws {
        let sessions = sessions()
        let id = try await sessions.start(for: Self.worker.id)
        try await test { (client: any TestClientProtocol) async throws in
            clock.advance(by: 11 * 3600)
            #expect(try await client.execute(uri: "/console/probe", method: .get, headers: Self.cookie(id)).text == Self.worker.id)
            clock.advance(by: 11 * 3600)
            #expect(try await client.execute(uri: "/console/probe", method: .get, headers: Self.cookie(id)).text == Self.worker.id)
            clock.advance(by: 12 * 3600)
            #expect(try await client.execute(uri: "/console/probe", method: .get, headers: Self.cookie(id)).status == .seeOther)
        }
    }
}
