import Foundation
import LinliCore
import Testing

@Suite("Console sign-in records: tokens, sessions, passwords")
struct ConsoleCredentialsTests {
    static let worker = "webhook:worker"

    @Test(arguments: Backend.all)
    func aTokenSignsInOnceBeforeItExpires(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                try store.write { try $0.saveSignInToken(SignInToken(digest: "d1", staff: Self.worker, expiresAt: at(600)), at: at(0)) }
                #expect(try store.write { try $0.useSignInToken(digest: "unknown", at: at(1)) } == nil)
                #expect(try store.write { try $0.useSignInToken(digest: "d1", at: at(1)) } == Self.worker)
                // Used: a second use (a replayed link) signs nobody in.
                #expect(try store.write { try $0.useSignInToken(digest: "d1", at: at(2)) } == nil)

                try store.write { try $0.saveSignInToken(SignInToken(digest: "d2", staff: Self.worker, expiresAt: at(600)), at: at(0)) }
                #expect(try store.write { try $0.useSignInToken(digest: "d2", at: at(600)) } == nil)
                #expect(try store.write { try $0.useSignInToken(digest: "d2", at: at(601)) } == nil)
            }
        }
    }

    @Test(arguments: Backend.all)
    func savingATokenDeletesExpiredOnes(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                try store.write { try $0.saveSignInToken(SignInToken(digest: "old", staff: Self.worker, expiresAt: at(10)), at: at(0)) }
                try store.write { try $0.saveSignInToken(SignInToken(digest: "new", staff: Self.worker, expiresAt: at(700)), at: at(100)) }
                // Had "old" survived, using it before its expiry would still find it.
                #expect(try store.write { try $0.useSignInToken(digest: "old", at: at(5)) } == nil)
                #expect(try store.write { try $0.useSignInToken(digest: "new", at: at(101)) } == Self.worker)
            }
        }
    }

    @Test(arguments: Backend.all)
    func sessionsAreReadUntilTheyExpireMovedOnAndEnded(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                let session = ConsoleSession(digest: "s1", staff: Self.worker, csrfToken: "c1", expiresAt: at(100))
                try store.write { try $0.saveConsoleSession(session, at: at(0)) }
                #expect(try store.read { try $0.consoleSession(digest: "s1", at: at(50)) } == session)
                #expect(try store.read { try $0.consoleSession(digest: "s1", at: at(100)) } == nil)
                #expect(try store.read { try $0.consoleSession(digest: "other", at: at(50)) } == nil)

                var moved = session
                moved.expiresAt = at(200)
                try store.write { try $0.saveConsoleSession(moved, at: at(50)) }
                #expect(try store.read { try $0.consoleSession(digest: "s1", at: at(150)) } == moved)

                try store.write { try $0.deleteConsoleSession(digest: "s1") }
                #expect(try store.read { try $0.consoleSession(digest: "s1", at: at(60)) } == nil)
                try store.write { try $0.deleteConsoleSession(digest: "s1") }
            }
        }
    }

    @Test(arguments: Backend.all)
    func passwordHashesAreSetAndReplacedPerStaffID(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                #expect(try store.read { try $0.passwordHash(staff: "webhook:admin") } == nil)
                try store.write { try $0.savePasswordHash("scrypt$a", staff: "webhook:admin", at: at(0)) }
                try store.write { try $0.savePasswordHash("scrypt$b", staff: "webhook:admin", at: at(1)) }
                #expect(try store.read { try $0.passwordHash(staff: "webhook:admin") } == "scrypt$b")
                // Ids are compared as bytes.
                #expect(try store.read { try $0.passwordHash(staff: "webhook:Admin") } == nil)
            }
        }
    }

    @Test(arguments: Backend.all)
    func aTokenSavedInARolledBackMessageIsNotKept(backend: Backend) async throws {
        struct Refused: Error {}
        try await blocking {
            try backend.withStore { store in
                do {
                    _ = try store.handleOnce(key: "webhook:worker:1") { tx in
                        try tx.saveSignInToken(SignInToken(digest: "d", staff: Self.worker, expiresAt: at(600)), at: at(0))
                        throw Refused()
                    }
                    Issue.record("the handler's error did not come back")
                } catch is Refused {}
                #expect(try store.write { try $0.useSignInToken(digest: "d", at: at(1)) } == nil)
            }
        }
    }
}
