/// The one error type of `LinliServer`: what kept the server from being built or run.
///
/// Per-request failures never surface as this type; they become HTTP statuses.
public struct ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Equatable {
        /// A part of the server configuration is unusable.
        case invalidConfiguration
    }

    /// The kind of failure.
    public let code: Code
    /// A fixed explanation naming the offending setting, never its secret value.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message, for logs and the command line.
    public var description: String { message }
}
