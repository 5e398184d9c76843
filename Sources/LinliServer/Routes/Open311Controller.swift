import Foundation
import Hummingbird
import LinliCore
import LinliGateways

/// `/open311/v2`: Open311 GeoReport v2 over linli's intents and requests, read-only for now.
///
/// Every resource comes as `.json` or `.xml`; errors are the spec's error list in the
/// requested format (JSON when the format itself is unknown).
struct Open311Controller: Sendable {
    let pipeline: MessagePipeline

    func addRoutes(to router: Router<BasicRequestContext>) {
        let group = router.group("open311/v2")
        group.get(":document") { request, context in
            await answer { () async throws(Refusal) in
                try await document(context.parameters.get("document") ?? "", query: Self.query(request))
            }
        }
        group.get("services/:file") { _, context in
            await answer { () async throws(Refusal) in try service(context.parameters.get("file") ?? "") }
        }
        group.get("requests/:file") { _, context in
            await answer { () async throws(Refusal) in try await singleRequest(context.parameters.get("file") ?? "") }
        }
    }

    /// Why an answer is an error list rather than a document.
    struct Refusal: Error {
        let status: HTTPResponse.Status
        let description: String
        let format: Open311.Format
    }

    private var engine: Engine { pipeline.engine }

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
