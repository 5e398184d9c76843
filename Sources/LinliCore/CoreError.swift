/// The one error type of `LinliCore`. Domain errors know no HTTP status: the server maps them.
public struct CoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Equatable {
        /// A data file (responses, FAQ) is missing, unreadable or malformed.
        case invalidData
        /// A response template the code needs is not defined.
        case missingResponse
        /// The configuration of staff or grids is inconsistent.
        case invalidDirectory
        /// The store failed to read or write.
        case storeFailure
        /// A request that should exist does not.
        case unknownRequest
        /// A user id is empty, too long, or holds a character ids may not hold.
        case invalidUserID
        /// A configured value (a time limit, a calendar date, office hours) cannot be read.
        case invalidConfiguration
        /// A request handed in by another system names an intent that opens none, or lacks a required slot.
        case invalidSubmission
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable explanation naming the offending value.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
