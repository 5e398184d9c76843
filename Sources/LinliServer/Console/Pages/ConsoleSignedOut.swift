import Hummingbird

/// The sign-in the console has until sessions exist: nobody is signed in, so every page
/// sends the visitor to `/console/login` and every action is refused.
struct ConsoleSignedOut: ConsoleSignIn {
    func identity(for request: Request) async throws -> ConsoleIdentity? { nil }

    func checkCSRF(_ identity: ConsoleIdentity, submitted: String?) throws {
        throw HTTPError(.forbidden)
    }
}
