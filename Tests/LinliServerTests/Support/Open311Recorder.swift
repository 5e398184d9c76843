import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// Every Open311 answer the tests receive, written as one JSON file each into the folder that
/// `LINLI_OPEN311_RESPONSES` names (nothing is written without it), so that
/// `scripts/open311-validate` can check each against the Open311 project's schemas.
enum Open311Recorder {
    static let directory = ProcessInfo.processInfo.environment["LINLI_OPEN311_RESPONSES"].flatMap { $0.isEmpty ? nil : $0 }

    static func record(method: HTTPRequest.Method, uri: String, _ response: TestResponse) throws {
        guard let directory else { return }
        let entry: [String: Any] = [
            "method": method.rawValue, "uri": uri, "status": response.status.code,
            "content_type": response.headers[.contentType] ?? "", "body": String(buffer: response.body),
        ]
        let data = try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys])
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: directory).appendingPathComponent("\(UUID().uuidString).json"))
    }
}

extension TestClientProtocol {
    /// GETs an Open311 resource and records the answer.
    func open311Get(_ path: String, query: String = "") async throws -> TestResponse {
        let uri = query.isEmpty ? path : "\(path)?\(query)"
        let response = try await execute(uri: uri, method: .get)
        try Open311Recorder.record(method: .get, uri: uri, response)
        return response
    }

    /// POSTs `form`, already encoded, as `application/x-www-form-urlencoded` and records the answer.
    func open311Post(_ path: String, form: String) async throws -> TestResponse {
        let response = try await execute(uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: form))
        try Open311Recorder.record(method: .post, uri: path, response)
        return response
    }
}
