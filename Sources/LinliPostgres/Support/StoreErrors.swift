import Foundation
import LinliCore
import PostgresNIO

/// Runs `work`, turning database, connection and JSON failures into
/// `CoreError(.storeFailure, …)` that name `context` (the key, number or id involved).
///
/// Any other error passes through unchanged: it is a handler's own, and the caller must see
/// exactly what the handler threw.
func withStoreErrors<T>(_ context: @autoclosure () -> String, _ work: () throws -> T) throws -> T {
    do {
        return try work()
    } catch {
        throw storeError(error, context())
    }
}

/// `error` as the store reports it: database and JSON failures as `CoreError(.storeFailure)`
/// naming `context`, anything else (a handler's own error, a `CoreError`) unchanged.
func storeError(_ error: any Error, _ context: @autoclosure () -> String) -> any Error {
    switch error {
    case let error as PSQLError:
        return CoreError(.storeFailure, "\(context()): \(describe(error))")
    case let error as PostgresDecodingError:
        return CoreError(.storeFailure, "\(context()): cannot decode column \(error.columnName): \(error.code)")
    case let error as EncodingError:
        return CoreError(.storeFailure, "\(context()): cannot encode: \(error)")
    case let error as DecodingError:
        return CoreError(.storeFailure, "\(context()): cannot decode: \(error)")
    case is ChannelError, is EventLoopError, is IOError:
        return CoreError(.storeFailure, "\(context()): \(error)")
    default:
        return error
    }
}

/// What went wrong, from a `PSQLError`: the server's own message when it sent one, else
/// the client's error code and cause.
///
/// `PSQLError.description` is deliberately generic (it may reach end users), so the parts are
/// read one by one; the query text and its bound values are left out.
func describe(_ error: PSQLError) -> String {
    if let info = error.serverInfo, let message = info[.message] {
        var text = message
        if let detail = info[.detail] { text += " (\(detail))" }
        if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
        return text
    }
    var text = "\(error.code)"
    if let underlying = error.underlying { text += ": \(underlying)" }
    return text
}

/// Whether `error` says the connection itself is unusable (closed, reset, unreachable), as
/// opposed to one statement failing on a healthy connection.
func isConnectionFailure(_ error: any Error) -> Bool {
    switch error {
    case let error as BeginFailed:
        return isConnectionFailure(error.error)
    case let error as PSQLError:
        return error.serverInfo == nil && error.code != .tooManyParameters && error.code != .invalidCommandTag
    case is ChannelError, is EventLoopError, is IOError:
        return true
    default:
        return false
    }
}

extension PSQLError {
    /// The server's SQLSTATE code (`23505` for a unique violation), if the server sent one.
    var sqlState: String? { serverInfo?[.sqlState] }
}

/// BEGIN failed: nothing ran, so the transaction may be retried on another connection.
struct BeginFailed: Error {
    let error: any Error
}
