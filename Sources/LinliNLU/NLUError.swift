import Foundation

/// The one error type of `LinliNLU`: what went wrong, where, and with which value.
public struct NLUError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Equatable {
        /// A data file could not be read from disk.
        case unreadableFile
        /// A data file is not valid YAML or does not have the expected shape.
        case invalidDataFile
        /// The intents directory holds no intents, or two intents share an id or an example.
        case invalidCatalog
        /// A line of an evaluation file is not a valid labelled message.
        case invalidEvaluationLine
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable explanation, naming the file and line where there is one.
    public var message: String
    /// The file the error is about, if any.
    public var file: String?
    /// The 1-based line in `file`, if known.
    public var line: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String {
        var location = ""
        if let file {
            location = file
            if let line { location += ":\(line)" }
            location += ": "
        }
        return location + message
    }
}
