import Foundation
import LinliCore
import Testing

/// 登录: a one-time console link for the staff member who asks, through their own chat.
@Suite("The 登录 staff command")
struct ConsoleLoginTests {
    /// Tokens counted up, digests marked, so that a test can see which digest was stored.
    final class CountingMinter: SignInTokenMinter, @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func token() -> String {
            lock.withLock { count += 1; return "tok\(count)" }
        }
        func digest(of token: String) -> String { "digest-of-\(token)" }
    }

    static func chat(validity: TimeInterval = 600) throws -> Chat {
        try Chat(configuration: .init(consoleLinks: ConsoleLinks(baseURL: "https://linli.example.cn/", validity: validity,
                                                                 minter: CountingMinter())))
    }

    @Test("A staff member gets a link valid ten minutes, and its digest alone is stored for them")
    func staffGetsALink() throws {
        let chat = try Self.chat()
        let answer = try chat.say("repl:wang", "登录", expect: "https://linli.example.cn/console/login?token=tok1", "10分钟")
        #expect(!answer.contains("//console"))
        let staff = try chat.store.write { try $0.useSignInToken(digest: "digest-of-tok1", at: chat.now.addingTimeInterval(599)) }
        #expect(staff == "repl:wang")
        #expect(try chat.store.write { try $0.useSignInToken(digest: "tok1", at: chat.now) } == nil)
    }

    @Test("The link's token runs out after the validity")
    func linkExpires() throws {
        let chat = try Self.chat()
        try chat.say("repl:admin", "/login", expect: "token=tok1")
        #expect(try chat.store.write { try $0.useSignInToken(digest: "digest-of-tok1", at: chat.now.addingTimeInterval(600)) } == nil)
    }

    @Test("Each 登录 makes a new token; a retried message gets the same link again")
    func eachLoginIsNew() throws {
        let chat = try Self.chat()
        try chat.say("repl:wang", "登录", expect: "tok1", id: "m1")
        try chat.say("repl:wang", "登录", expect: "tok1", id: "m1")
        try chat.say("repl:wang", "登录", expect: "tok2", id: "m2")
    }

    @Test("A resident typing 登录 gets no link and no token is stored")
    func residentGetsNothing() throws {
        let chat = try Self.chat()
        let answer = try chat.say("repl:zhang", "登录")
        #expect(!answer.contains("token="))
        #expect(try chat.store.write { try $0.useSignInToken(digest: "digest-of-tok1", at: chat.now) } == nil)
    }

    @Test("登录 with words after it is not the command; without a console address it says so")
    func notConfigured() throws {
        let chat = try Chat()
        try chat.say("repl:wang", "登录", expect: "console.base_url")
        let other = try Self.chat()
        #expect(!(try other.say("repl:wang", "登录一下")).contains("token="))
    }

    @Test("帮助 lists 登录 and /login")
    func helpShowsLogin() throws {
        try Chat().say("repl:wang", "帮助", expect: "登录", "/login")
    }
}
