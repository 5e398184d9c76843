import Hummingbird
import LinliCore
import LinliGateways

/// The console's sign-in page: the password form for admins and the hint that staff sign
/// in with 登录 in the chat. Small enough to live here, so signing in needs no template
/// or script of the console's pages; its words come from `responses/console.yaml`.
struct LoginPage: Sendable {
    /// What the page says above the form.
    enum Notice: Equatable {
        case none
        /// A chat link was opened: the page asks for one click that posts `token`.
        case link(String)
        case badLink
        case badPassword
        case tooManyAttempts
        case signedOut

        var key: ResponseKey? {
            switch self {
            case .none, .link: nil
            case .badLink: .consoleLoginBadLink
            case .badPassword: .consoleLoginBadPassword
            case .tooManyAttempts: .consoleLoginTooMany
            case .signedOut: .consoleLoginSignedOut
            }
        }
    }

    let responses: Responses

    /// The page with `notice`, answered with `status`. Never cached, and it sends no
    /// referrer, so a sign-in token in its address goes nowhere else.
    func response(_ notice: Notice = .none, status: HTTPResponse.Status = .ok) -> Response {
        var response = HTTPReply.body(html(notice), status: status, contentType: "text/html; charset=utf-8")
        response.headers[.cacheControl] = "no-store"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        return response
    }

    func html(_ notice: Notice) -> String {
        // The words are a community's to change: escaped, like any text put into markup.
        func word(_ key: ResponseKey) -> String { XML.escape(responses.render(key)) }
        let message = notice.key.map { "<p class=\"notice\" role=\"alert\">\(word($0))</p>" } ?? ""
        return page(word, message: message, form: form(notice, word))
    }

    /// The password form, or for an opened chat link the button that uses it.
    private func form(_ notice: Notice, _ word: (ResponseKey) -> String) -> String {
        if case .link(let token) = notice {
            return """
                <p>\(word(.consoleLoginLinkPrompt))</p>
                <form method="post" action="/console/login" id="link">
                <input type="hidden" name="token" value="\(XML.escape(token))">
                <button type="submit">\(word(.consoleLoginLinkSubmit))</button>
                </form>
                """
        }
        return """
            <form method="post" action="/console/login" id="login">
            <label for="id">\(word(.consoleLoginIDLabel))</label>
            <input id="id" name="id" autocomplete="username" required>
            <label for="password">\(word(.consoleLoginPasswordLabel))</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">\(word(.consoleLoginSubmit))</button>
            </form>
            <p class="hint">\(word(.consoleLoginHint))</p>
            """
    }

    private func page(_ word: (ResponseKey) -> String, message: String, form: String) -> String {
        """
            <!doctype html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(word(.consoleLoginTitle))</title>
            <style>
            body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; background: #f4f5f7; margin: 0; }
            main { max-width: 22rem; margin: 10vh auto; background: #fff; padding: 1.5rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
            h1 { font-size: 1.3rem; margin-top: 0; }
            label { display: block; margin: .8rem 0 .3rem; }
            input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }
            button { margin-top: 1rem; width: 100%; padding: .6rem; font-size: 1rem; background: #1f6feb; color: #fff; border: 0; border-radius: 4px; }
            .notice { background: #fff4e5; padding: .6rem; border-radius: 4px; }
            .hint { color: #555; font-size: .9rem; margin-top: 1.2rem; }
            </style>
            </head>
            <body>
            <main>
            <h1>\(word(.consoleLoginHeading))</h1>
            \(message)
            \(form)
            </main>
            </body>
            </html>
            """
    }
}
