import Foundation
import Hummingbird
import LinliCore
import LinliGateways

/// `/open311/v2`: Open311 GeoReport v2 over linli's intents and requests; POST to `requests`
/// opens a request as a chat report would.
///
/// Every resource comes as `.json` or `.xml`; errors are the spec's error list in the
/// requested format (JSON when the format itself is unknown).
struct Open311Controller: Sendable {
    let pipeline: MessagePipeline
    let access: Open311.Access
    let maxBodySize: Int

    func addRoutes(to router: Router<BasicRequestContext>) {
        let group = router.group("open311/v2")
        group.get(":document") { request, context in
            await answer { () async throws(Refusal) in
                let query = Self.query(request)
                let file = context.parameters.get("document") ?? ""
                try checkJurisdiction(query, file: file)
                return try await document(file, query: query)
            }
        }
        group.get("services/:file") { request, context in
            await answer { () async throws(Refusal) in
                let file = context.parameters.get("file") ?? ""
                try checkJurisdiction(Self.query(request), file: file)
                return try service(file)
            }
        }
        group.get("requests/:file") { request, context in
            await answer { () async throws(Refusal) in
                let file = context.parameters.get("file") ?? ""
                try checkJurisdiction(Self.query(request), file: file)
                return try await singleRequest(file)
            }
        }
        group.post(":document") { request, context in
            var request = request
            let file = context.parameters.get("document") ?? ""
            // nil: over the size cap; a failure: the body could not be read.
            let body: Result<ByteBuffer?, any Error>
            do {
                body = .success(try await request.collectBody(limit: maxBodySize))
            } catch {
                body = .failure(error)
            }
            return await answer { () async throws(Refusal) in try await post(file, body: body) }
        }
    }

    /// Why an answer is an error list rather than a document.
    struct Refusal: Error {
        let status: HTTPResponse.Status
        let description: String
        let format: Open311.Format
    }

    private var engine: Engine { pipeline.engine }

    /// A `jurisdiction_id` other than the one configured is a 404, as the spec lists it.
    private func checkJurisdiction(_ parameters: [String: String], file: String) throws(Refusal) {
        guard access.admits(jurisdiction: parameters["jurisdiction_id"]) else {
            throw Refusal(status: .notFound, description: "jurisdiction_id not found", format: Open311.Format.split(file)?.format ?? .json)
        }
    }

    /// `POST requests.json|xml`: checks access, the form and the service, then opens the
    /// request through the engine. Every refusal happens before the store is touched.
    private func post(_ file: String, body: Result<ByteBuffer?, any Error>) async throws(Refusal) -> (Open311.Document, Open311.Format) {
        let (name, format) = try Self.split(file)
        guard name == "requests" else { throw Refusal(status: .notFound, description: "no such resource", format: format) }
        guard case .success(let read) = body else { throw Refusal(status: .badRequest, description: "unreadable body", format: format) }
        guard let bytes = read else {
            throw Refusal(status: .contentTooLarge, description: "body over \(maxBodySize) bytes", format: format)
        }
        let form: [String: String]
        let submission: Open311.Submission
        do throws(GatewayError) {
            guard let text = String(validating: bytes.readableBytesView, as: UTF8.self) else {
                throw GatewayError(.malformedParameter, "the body is not UTF-8")
            }
            form = try Open311.Form.decode(text)
        } catch {
            throw Refusal(status: HTTPResponse.Status(error), description: error.message, format: format)
        }
        try checkJurisdiction(form, file: file)
        guard access.apiKey != nil else {
            throw Refusal(status: .forbidden, description: "POST is not enabled on this server", format: format)
        }
        guard let key = form["api_key"], access.admits(apiKey: key) else {
            throw Refusal(status: .forbidden, description: "api_key is missing or not valid", format: format)
        }
        do throws(GatewayError) {
            submission = try Open311.Submission(form: form)
        } catch {
            throw Refusal(status: HTTPResponse.Status(error), description: error.message, format: format)
        }
        let reporter: UserID
        do {
            reporter = try UserID(Open311.Access.reporter(forKey: key))
        } catch {
            throw Refusal(status: .internalServerError, description: "no reporter id", format: format)
        }
        let checked = engine.open311Submission(submission, reporter: reporter, key: "open311:\(submission.fingerprint)", at: pipeline.now())
        switch checked {
        case .unknownService(let code):
            throw Refusal(status: .notFound, description: "no service with code \(code)", format: format)
        case .missingAttribute(let code):
            throw Refusal(status: .badRequest, description: "attribute[\(code)] is required", format: format)
        case .valid(let valid):
            let receipt = try await load(format: format) { engine in try engine.submit(valid) }
            pipeline.logger.info("linli.open311.submitted", metadata: [
                "linli.request.number": .stringConvertible(receipt.number), "linli.open311.retry": .stringConvertible(receipt.duplicate),
            ])
            return (Open311.created(id: String(receipt.number), notice: receipt.notice), format)
        }
    }

    private func document(_ file: String, query: [String: String]) async throws(Refusal) -> (Open311.Document, Open311.Format) {
        let (name, format) = try Self.split(file)
        switch name {
        case "services":
            return (Open311.Service.list(engine.open311Services), format)
        case "requests":
            let filter = try filter(query, format: format)
            return (Open311.ServiceRequest.list(try await requests(filter, format: format)), format)
        case "servicerequestupdates":
            // Only the window applies: the other parameters of `requests` mean nothing here.
            let filter = try filter(query.filter { $0.key == "start_date" || $0.key == "end_date" }, format: format)
            return (Open311.RequestUpdate.list(try await load(format: format) { try $0.open311Updates(filter) }), format)
        default:
            throw Refusal(status: .notFound, description: "no such resource", format: format)
        }
    }

    /// `query` read as a filter; a bad date or status is a 400 in the spec's error list.
    private func filter(_ query: [String: String], format: Open311.Format) throws(Refusal) -> Open311.RequestFilter {
        do throws(GatewayError) {
            return try Open311.RequestFilter(query: query, now: pipeline.now())
        } catch {
            throw Refusal(status: HTTPResponse.Status(error), description: error.message, format: format)
        }
    }

    private func service(_ file: String) throws(Refusal) -> (Open311.Document, Open311.Format) {
        let (code, format) = try Self.split(file)
        guard let definition = engine.open311Definition(code: code) else {
            throw Refusal(status: .notFound, description: "no service with code \(code)", format: format)
        }
        return (definition, format)
    }

    private func singleRequest(_ file: String) async throws(Refusal) -> (Open311.Document, Open311.Format) {
        let (id, format) = try Self.split(file)
        var found: [Open311.ServiceRequest] = []
        if Int(id) != nil {
            found = try await requests(Open311.RequestFilter(ids: [id]), format: format)
        }
        guard !found.isEmpty else {
            throw Refusal(status: .notFound, description: "no service request with id \(id)", format: format)
        }
        return (Open311.ServiceRequest.list(found), format)
    }

    private func requests(_ filter: Open311.RequestFilter, format: Open311.Format) async throws(Refusal) -> [Open311.ServiceRequest] {
        try await load(format: format) { engine in
            try engine.open311Requests(filter).map { engine.open311Request($0.request, updated: $0.updated) }
        }
    }

    /// Runs `body` off the event loops; a store failure is a 503 in the spec's error list.
    private func load<T: Sendable>(format: Open311.Format, _ body: @escaping @Sendable (Engine) throws -> T) async throws(Refusal) -> T {
        do {
            return try await pipeline.blocking { [engine] in try body(engine) }
        } catch {
            pipeline.logger.warning("linli.open311.store_unavailable", metadata: ["linli.error": .string(String(describing: error))])
            throw Refusal(status: .serviceUnavailable, description: "store unavailable", format: format)
        }
    }

    private func answer(_ body: () async throws(Refusal) -> (Open311.Document, Open311.Format)) async -> Response {
        do throws(Refusal) {
            let (document, format) = try await body()
            return HTTPReply.body(document.rendered(format), status: .ok, contentType: format.contentType)
        } catch {
            let list = Open311.errors(code: Int(error.status.code), description: error.description)
            return HTTPReply.body(list.rendered(error.format), status: error.status, contentType: error.format.contentType)
        }
    }

    private static func split(_ file: String) throws(Refusal) -> (String, Open311.Format) {
        guard let split = Open311.Format.split(file) else {
            throw Refusal(status: .notFound, description: "no such resource: the format is json or xml", format: .json)
        }
        return split
    }

    private static func query(_ request: Request) -> [String: String] {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            query[String(name)] = String(value)
        }
        return query
    }
}
