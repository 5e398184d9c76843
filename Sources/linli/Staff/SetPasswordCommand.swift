import ArgumentParser
import Foundation
import LinliCore
import LinliGateways
#if canImport(Glibc)
import Glibc
#endif

/// `linli staff set-password ID`: an admin's console password, stored as a scrypt hash.
struct SetPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-password",
        abstract: "Sets an admin's console password (read from the terminal without echo, or from stdin)."
    )

    /// Why no password was set; printed as `Error: …` without the usage, which ArgumentParser
    /// adds to a `ValidationError` although the arguments were well formed.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Shorter passwords are refused.
    static let minimumLength = 10

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The admin's staff id, as in the configuration (e.g. wecom:zhangsan).")
    var id: String

    func run() throws {
        let settings = try options.settings()
        let directory = try settings.makeDirectory()
        guard let member = directory.member(id) else { throw Refusal("'\(id)' is not a staff id in the configuration") }
        guard member.role == .admin else { throw Refusal("'\(id)' is not an admin: only admins sign in with a password") }
        let password = try Self.readPassword()
        guard password.count >= Self.minimumLength else {
            throw Refusal("the password must have at least \(Self.minimumLength) characters")
        }
        let hash = try PasswordHash.make(password)
        let store = try Runtime.makeStore(settings.databaseURL, poolSize: 1, logger: .init(label: "linli.staff"))
        defer { store.close() }
        try store.write { try $0.savePasswordHash(hash, staff: member.id, at: Date()) }
        print("Console password set for \(member.name) (\(member.id)).")
    }

    /// The password: typed twice at a terminal with echo off, or the first line of stdin.
    static func readPassword() throws -> String {
        guard isatty(0) == 1 else {
            guard let line = readLine(strippingNewline: true) else { throw Refusal("no password on stdin") }
            return line
        }
        let first = try prompt("New console password: ")
        let second = try prompt("Again: ")
        guard first == second else { throw Refusal("the two passwords differ") }
        return first
    }

    /// One line read from the terminal with echo turned off, and back on whatever happens.
    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { throw Refusal("cannot read the terminal's settings") }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        guard tcsetattr(0, TCSAFLUSH, &silent) == 0 else { throw Refusal("cannot turn off the terminal's echo") }
        defer {
            tcsetattr(0, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw Refusal("no password typed") }
        return line
    }
}
