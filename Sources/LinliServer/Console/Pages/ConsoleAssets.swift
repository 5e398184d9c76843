import Foundation
import Hummingbird
import Mustache
import NIOCore

/// The console's files shipped in the bundle (`Resources/console`): the Mustache templates,
/// compiled once, and the static files (htmx, ECharts, the console's own CSS and script),
/// read once and served from memory.
struct ConsoleAssets: Sendable {
    /// One static file, ready to send.
    struct File: Sendable {
        let bytes: ByteBuffer
        let contentType: String
    }

    let library: MustacheLibrary
    let files: [String: File]

    /// The assets of the bundle; a missing or unreadable template is a programming error
    /// caught by every console test, so it stops the server at start rather than at a click.
    static let bundled: ConsoleAssets = {
        guard let root = Bundle.module.url(forResource: "console", withExtension: nil) else {
            fatalError("the console's resources are missing from the bundle")
        }
        do {
            return try ConsoleAssets(root: root)
        } catch {
            fatalError("the console's resources are unusable: \(error)")
        }
    }()

    init(root: URL) throws {
        let manager = FileManager.default
        var templates: [String: MustacheTemplate] = [:]
        let templateDirectory = root.appendingPathComponent("templates")
        for name in try manager.contentsOfDirectory(atPath: templateDirectory.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: templateDirectory.appendingPathComponent(name), encoding: .utf8)
            templates[String(name.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
        }
        library = MustacheLibrary(templates: templates)
        var files: [String: File] = [:]
        let staticDirectory = root.appendingPathComponent("static")
        for name in try manager.contentsOfDirectory(atPath: staticDirectory.path) {
            let data = try Data(contentsOf: staticDirectory.appendingPathComponent(name))
            files[name] = File(bytes: ByteBuffer(bytes: data), contentType: Self.contentType(of: name))
        }
        self.files = files
    }

    /// `template` rendered with `context`.
    func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? ""
    }

    private static func contentType(of name: String) -> String {
        if name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
        return "application/octet-stream"
    }
}

extension ConsoleAssets {
    /// `/console/static/FILE`. The vendored libraries carry their version in their names
    /// (`htmx-2.0.10.min.js`), so browsers may keep them for good; the console's own CSS and
    /// script change with linli and are kept five minutes.
    func response(for name: String) -> Response {
        guard let file = files[name] else { return HTTPReply.text("not found", status: .notFound) }
        let versioned = name.range(of: #"-\d+\.\d+\.\d+\."#, options: .regularExpression) != nil
        return Response(
            status: .ok,
            headers: [.contentType: file.contentType,
                      .cacheControl: versioned ? "public, max-age=31536000, immutable" : "public, max-age=300",
                      .init("X-Content-Type-Options")!: "nosniff"],
            body: .init(byteBuffer: file.bytes))
    }
}
