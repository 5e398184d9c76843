import Foundation
import GRDB
import LinliCore

/// Runs `work`, turning database and JSON failures into `CoreError(.storeFailure, …)` that
/// name `context` (the key, number or id involved).
///
/// Any other error passes through unchanged: it is the handler's own, and the caller must
/// see exactly what the handler threw.
func withStoreErrors<T>(_ context: @autoclosure () -> String, _ work: () throws -> T) throws -> T {
    do {
        return try work()
    } catch let error as CoreError {
        throw error
    } catch let error as DatabaseError {
        throw CoreError(.storeFailure, "\(context()): \(error)")
    } catch let error as EncodingError {
        throw CoreError(.storeFailure, "\(context()): cannot encode: \(error)")
    } catch let error as DecodingError {
        throw CoreError(.storeFailure, "\(context()): cannot decode: \(error)")
    }
}
