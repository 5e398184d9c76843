import Foundation
import Hummingbird
import LinliCore
import LinliGateways

/// The console's pages: the queue (`/console`, its live rows and CSV), a request's page with
/// its actions, the report page, and the static files.
///
/// Every page asks `signIn` who is there: nobody is sent to `/console/login` (GET) or
/// refused (POST). Actions go through the engine as the staff member's chat commands would.
struct ConsolePagesController: Sendable {
    let pipeline: MessagePipeline
    let signIn: any ConsoleSignIn
    let assets: ConsoleAssets
    let reports: ConsoleReportCache
    /// The `Content-Security-Policy` of every page (see `contentSecurityPolicy(mediaOrigin:)`).
    let contentSecurityPolicy: String

    /// `mediaOrigin` is where the signed media links point, when they are on another host.
    init(pipeline: MessagePipeline, signIn: any ConsoleSignIn, assets: ConsoleAssets = .bundled,
         reports: ConsoleReportCache = ConsoleReportCache(), mediaOrigin: String? = nil) {
        self.pipeline = pipeline
        self.signIn = signIn
        self.assets = assets
        self.reports = reports
        contentSecurityPolicy = Self.contentSecurityPolicy(mediaOrigin: mediaOrigin)
    }

    /// Scripts only from the console's own static files, so text a resident wrote can never
    /// run as script even if an escape were missed; images from the console and the media
    /// links' host; no plugins, no framing, forms only back to the console. Inline styles are
    /// allowed: htmx and the charts set them, and a style cannot run code.
    static func contentSecurityPolicy(mediaOrigin: String?) -> String {
        let images = ["'self'", "data:"] + (mediaOrigin.map { [$0] } ?? [])
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src \(images.joined(separator: " ")); "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    /// The most a form's body may hold: a reply is a few hundred characters.
    static let maxFormSize = 64 * 1024

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("console/static/:file") { _, context in
            assets.response(for: context.parameters.get("file") ?? "")
        }
        router.get("console") { request, _ in
            await page(request) { identity in try await queue(identity, ConsoleQueueFilter(Self.query(request))) }
        }
        router.get("console/rows") { request, _ in
            guard let identity = try await signIn.identity(for: request) else {
                // htmx follows this header to the sign-in page instead of swapping it into the table.
                return Response(status: .unauthorized, headers: [.init("HX-Redirect")!: "/console/login"])
            }
            return try await rows(identity, ConsoleQueueFilter(Self.query(request)))
        }
        router.get("console/requests.csv") { request, _ in
            await page(request) { identity in try await csv(identity, ConsoleQueueFilter(Self.query(request))) }
        }
        router.get("console/requests/:number") { request, context in
            await page(request) { identity in
                try await requestPage(identity, number: context.parameters.get("number", as: Int.self) ?? 0, said: [])
            }
        }
        router.post("console/requests/:number/:action") { request, context in
            var request = request
            guard let identity = try await signIn.identity(for: request) else { return HTTPReply.text(engine.consoleWords("sign_in_first"), status: .forbidden) }
            guard let body = try await request.collectBody(limit: Self.maxFormSize) else {
                return HTTPReply.text("too large", status: .contentTooLarge)
            }
            let form = Self.form(String(buffer: body))
            try signIn.checkCSRF(identity, submitted: form["csrf"] ?? request.headers[.init("X-CSRF-Token")!])
            return try await act(identity, number: context.parameters.get("number", as: Int.self) ?? 0,
                                 action: context.parameters.get("action") ?? "", form: form)
        }
        router.get("console/report") { request, _ in
            await page(request) { identity in try await reportPage(identity, Self.query(request)) }
        }
    }

    /// Runs `body` for the signed-in staff member; anyone else is sent to sign in. A store
    /// failure is a page saying so, not a stack of HTML-less errors.
    private func page(_ request: Request, _ body: (ConsoleIdentity) async throws -> Response) async -> Response {
        do {
            guard let identity = try await signIn.identity(for: request) else {
                return Response(status: .seeOther, headers: [.location: "/console/login"])
            }
            return try await body(identity)
        } catch let error as HTTPError {
            return HTTPReply.text(error.body ?? "", status: error.status)
        } catch {
            pipeline.logger.warning("linli.console.failed", metadata: ["linli.error": .string(String(describing: error))])
            return HTTPReply.text(engine.consoleWords("unavailable"), status: .serviceUnavailable)
        }
    }

    var engine: Engine { pipeline.engine }

    /// What every page's frame needs: who is signed in and the anti-forgery token.
    func frame(_ identity: ConsoleIdentity, title: String) -> [String: Any] {
        ["title": title, "who": identity.staff.name, "csrf": identity.csrfToken, "admin": identity.staff.role == .admin]
    }

    /// `html` as a page that is never cached (it shows live work and a session's token),
    /// under the console's content-security policy.
    func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = HTTPReply.body(html, status: status, contentType: "text/html; charset=utf-8")
        response.headers[.cacheControl] = "no-store"
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        return response
    }

    static func query(_ request: Request) -> [String: String] {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters where query[String(name)] == nil {
            query[String(name)] = String(value)
        }
        return query
    }

    /// An `application/x-www-form-urlencoded` body, where `+` is a space.
    static func form(_ body: String) -> [String: String] {
        (try? QueryString.decode(body.replacingOccurrences(of: "+", with: "%20"))) ?? [:]
    }
}
