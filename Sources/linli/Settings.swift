import Foundation
import LinliNLU
import Yams

/// linli's configuration, read only here: command line > environment > file > defaults.
struct Settings {
    var intentsDirectory = "intents"
    var responsesDirectory = "responses"

    /// The raw YAML file, for the sections later commands read.
    struct File: Decodable {
        var intents_dir: String?
        var responses_dir: String?
    }

    static func load(configPath: String?, environment: [String: String]) throws -> Settings {
        var settings = Settings()
        let path = configPath ?? (FileManager.default.fileExists(atPath: "linli.yaml") ? "linli.yaml" : nil)
        if let path {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw SettingsError("cannot read configuration file \(path)")
            }
            let file: File
            do {
                file = try YAMLDecoder().decode(File.self, from: text)
            } catch {
                throw SettingsError("\(path): \(error)")
            }
            if let value = file.intents_dir { settings.intentsDirectory = value }
            if let value = file.responses_dir { settings.responsesDirectory = value }
        }
        if let value = environment["LINLI_INTENTS_DIR"], !value.isEmpty { settings.intentsDirectory = value }
        if let value = environment["LINLI_RESPONSES_DIR"], !value.isEmpty { settings.responsesDirectory = value }
        return settings
    }

    /// The trained engine over the configured intents.
    func makeNLU(communities: [String] = []) throws -> NLU {
        let catalog = try IntentCatalog.load(from: URL(fileURLWithPath: intentsDirectory))
        return try NLU(catalog: catalog, configuration: .init(communities: communities))
    }
}

/// A configuration problem, said plainly.
struct SettingsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
