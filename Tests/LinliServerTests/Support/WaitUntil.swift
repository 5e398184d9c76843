import Foundation
import Testing

/// Polls `condition` every 5 ms for up to 120 s, for what a service does on its own
/// schedule. Generous on purpose: the whole suite shares two cores, and CPU-bound suites
/// (classifier training, cross-validation) can hold both of Swift's cooperative threads for
/// tens of seconds in a debug build.
func waitUntil(_ condition: () throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(120)
    while ContinuousClock.now < deadline {
        if try condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    Issue.record("condition not met within 120 s")
}
