import Foundation

/// The thresholds that decide what linli does with a classification, kept as data in
/// `intents/lexicon/understanding.yaml` so that an operator tunes them without a rebuild.
public struct UnderstandingSettings: Sendable, Equatable, Decodable {
    /// Below this confidence a message is not understood (reported as out of scope).
    public var fallbackThreshold: Double
    /// At or above this confidence a message with every required slot opens a request at once.
    public var directOpenThreshold: Double
    /// When to ask which of a few intents the resident meant.
    public var clarification: Clarification
    /// Divides the classifier's scores before the softmax, so that confidences match how
    /// often linli is right; `linli nlu calibrate` fits it on cross-validation folds.
    public var temperature: Double

    /// Creates settings.
    public init(fallbackThreshold: Double = 0.3, directOpenThreshold: Double = 0.6, clarification: Clarification = .init(),
                temperature: Double = 0.25) {
        self.fallbackThreshold = fallbackThreshold
        self.directOpenThreshold = directOpenThreshold
        self.clarification = clarification
        self.temperature = temperature
    }

    enum CodingKeys: String, CodingKey {
        case version, fallbackThreshold = "fallback_threshold", directOpenThreshold = "direct_open_threshold", clarification, temperature
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = UnderstandingSettings()
        fallbackThreshold = try c.decodeIfPresent(Double.self, forKey: .fallbackThreshold) ?? defaults.fallbackThreshold
        directOpenThreshold = try c.decodeIfPresent(Double.self, forKey: .directOpenThreshold) ?? defaults.directOpenThreshold
        clarification = try c.decodeIfPresent(Clarification.self, forKey: .clarification) ?? defaults.clarification
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature) ?? defaults.temperature
        guard (0...1).contains(fallbackThreshold), (0...1).contains(directOpenThreshold), (0.01...10).contains(temperature) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "fallback_threshold and direct_open_threshold lie in 0…1, temperature in 0.01…10"))
        }
    }

    /// Reads `understanding.yaml` in `directory`, or the defaults when there is none.
    static func load(from directory: URL) throws -> UnderstandingSettings {
        let file = directory.appendingPathComponent("understanding.yaml")
        guard FileManager.default.fileExists(atPath: file.path) else { return UnderstandingSettings() }
        return try decodeYAML(file)
    }
}
