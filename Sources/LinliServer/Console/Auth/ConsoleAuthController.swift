import Foundation
import Hummingbird
import LinliCore
import LinliGateways
import Logging

/// `/console/login` and `/console/logout`: signing in with a chat link or an admin's
/// password, and signing out.
struct ConsoleAuthController: Sendable {
    let sessions: ConsoleSessions
    let page: LoginPage
    /// Whether cookies are `Secure` whatever the request: the console's address is https.
    let alwaysSecure: Bool
    /// Password attempts per staff id and per client address.
    let attemptsPerID: RateLimiter
    let attemptsPerAddress: RateLimiter
    let logger: Logger

    /// Five password attempts per id and twenty per address at once, then one every three
    /// minutes (per id) or 45 seconds (per address).
    static let perID = RateLimiter.Policy(messages: 5, window: 15 * 60)
    static let perAddress = RateLimiter.Policy(messages: 20, window: 15 * 60)
    /// Forms are a few short fields.
    static let maxFormSize = 4096

    /// The controller over the pipeline's engine; cookies are `Secure` when `console.base_url`
    /// is https, or when a request came through TLS.
    init(pipeline: MessagePipeline) {
        self.init(sessions: ConsoleSessions(pipeline: pipeline), responses: pipeline.engine.responses,
                  alwaysSecure: pipeline.engine.configuration.consoleLinks?.baseURL.lowercased().hasPrefix("https:") ?? false,
                  logger: pipeline.logger)
    }

    init(sessions: ConsoleSessions, responses: Responses, alwaysSecure: Bool, perID: RateLimiter.Policy = Self.perID,
         perAddress: RateLimiter.Policy = Self.perAddress, logger: Logger) {
        self.sessions = sessions
        self.page = LoginPage(responses: responses)
        self.alwaysSecure = alwaysSecure
        self.attemptsPerID = RateLimiter(policy: perID)
        self.attemptsPerAddress = RateLimiter(policy: perAddress)
        self.logger = logger
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("console/login") { request, _ in showPage(request) }
        router.post("console/login") { request, _ in try await signIn(request) }
        router.post("console/logout") { request, _ in try await signOut(request) }
    }

    /// The form, or with `?token=` the chat link's page: a button that posts the token.
    ///
    /// Opening the link uses nothing up: chat apps fetch the links in messages to show a
    /// preview, and a GET that signed in would spend the one-time token on that preview.
    func showPage(_ request: Request) -> Response {
        guard let token = request.uri.queryParameters["token"].map(String.init) else { return page.response() }
        guard ConsoleSessions.isPlausibleSecret(token) else { return page.response(.badLink, status: .forbidden) }
        return page.response(.link(token))
    }

    /// A posted sign-in: the chat link's token, or an admin's id and password.
    func signIn(_ request: Request) async throws -> Response {
        // A sign-in form posted from another site would sign the visitor in as whoever the
        // other site chose (login CSRF); the session's CSRF token cannot help before there is
        // a session, but the browser says where the form came from.
        guard request.headers[.init("Sec-Fetch-Site")!]?.lowercased() != "cross-site" else { throw HTTPError(.forbidden) }
        var request = request
        let form = try await Self.form(&request)
        if let token = form["token"] { return try await useLink(token, request) }
        return try await signInWithPassword(form, request)
    }

    /// The chat link's token: a session and a redirect to the console, once.
    func useLink(_ token: String, _ request: Request) async throws -> Response {
        guard let member = try await sessions.useSignInToken(token) else {
            logger.notice("linli.console.link_refused")
            return page.response(.badLink, status: .forbidden)
        }
        logger.info("linli.console.signed_in", metadata: ["linli.staff": .string(member.id), "linli.console.by": "link"])
        return try await signedIn(member, request)
    }

    /// An admin's id and password: a session, or the same refusal for a wrong password, an
    /// unknown id, an id that is not an admin's and one without a password.
    func signInWithPassword(_ form: [String: String], _ request: Request) async throws -> Response {
        let id = form["id"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let password = form["password"] ?? ""
        let now = sessions.now()
        // Both buckets are charged, so that neither many ids from one address nor one id
        // from many addresses gets more tries.
        let idAllowed = attemptsPerID.allow(id, now: now)
        let addressAllowed = attemptsPerAddress.allow(Self.clientAddress(request), now: now)
        guard idAllowed && addressAllowed else {
            logger.notice("linli.console.password_rate_limited")
            var response = page.response(.tooManyAttempts, status: .tooManyRequests)
            response.headers[.retryAfter] = "180"
            return response
        }
        let (store, directory) = (sessions.store, sessions.directory)
        let (accepted, member) = try await sessions.executor.run { () throws -> (Bool, Directory.Staff?) in
            let (member, hash) = try store.read { tx -> (Directory.Staff?, String?) in
                let member = try directory(tx).member(id).flatMap { $0.role == .admin ? $0 : nil }
                return (member, try member.flatMap { try tx.passwordHash(staff: $0.id) })
            }
            // The same work whatever is wrong, so the time taken tells nothing either.
            guard let member, let hash else { return (PasswordHash.verifyNothing(password), nil) }
            return (PasswordHash.verify(password, against: hash), member)
        }
        guard accepted, let member else {
            logger.notice("linli.console.password_refused")
            return page.response(.badPassword, status: .unauthorized)
        }
        logger.info("linli.console.signed_in", metadata: ["linli.staff": .string(member.id), "linli.console.by": "password"])
        return try await signedIn(member, request)
    }

    /// Ends the session; refused (403) without a session or without its anti-forgery token.
    func signOut(_ request: Request) async throws -> Response {
        var request = request
        guard let identity = try await sessions.identity(for: request) else { throw HTTPError(.forbidden) }
        var submitted = request.headers[.init("X-CSRF-Token")!]
        if submitted == nil { submitted = try await Self.form(&request)["csrf"] }
        try sessions.checkCSRF(identity, submitted: submitted)
        try await sessions.end(request)
        var response = page.response(.signedOut)
        response.status = .seeOther
        response.headers[.location] = "/console/login"
        response.setCookie(cookie("", maxAge: 0, request))
        return response
    }

    /// A new session for `member`: its cookie, and a redirect to the console.
    private func signedIn(_ member: Directory.Staff, _ request: Request) async throws -> Response {
        let id = try await sessions.start(for: member.id)
        var response = Response(status: .seeOther, headers: [.location: "/console", .cacheControl: "no-store"])
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.setCookie(cookie(id, maxAge: Int(ConsoleSessions.idleTimeout), request))
        return response
    }

    /// The session cookie: never readable by scripts, never sent from another site, only
    /// under `/console`, and only over TLS when the console is served through it.
    func cookie(_ value: String, maxAge: Int, _ request: Request) -> Cookie {
        Cookie(name: ConsoleSessions.cookieName, value: value, maxAge: maxAge, path: "/console",
               secure: alwaysSecure || request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https",
               httpOnly: true, sameSite: .strict)
    }

    /// The fields of an `application/x-www-form-urlencoded` body; empty for none.
    static func form(_ request: inout Request) async throws -> [String: String] {
        guard let body = try await request.collectBody(limit: maxFormSize) else { throw HTTPError(.contentTooLarge) }
        return try URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: body))
    }

    /// Who is asking, for the per-address limit: the address the nearest proxy recorded
    /// (the last of `X-Forwarded-For`), or one shared bucket for direct requests, whose
    /// peer address Hummingbird's basic context does not carry.
    static func clientAddress(_ request: Request) -> String {
        let forwarded = request.headers[.init("X-Forwarded-For")!]?.split(separator: ",").last
        return forwarded.map { $0.trimmingCharacters(in: .whitespaces) } ?? "direct"
    }
}
