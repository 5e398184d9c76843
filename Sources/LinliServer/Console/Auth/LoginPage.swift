import Hummingbird

/// The console's sign-in page: the password form for admins and the hint that staff sign
/// in with 登录 in the chat. Small enough to live here, so signing in needs no template
/// or script of the console's pages.
enum LoginPage {
    /// What the page says above the form.
    enum Notice: Equatable {
        case none
        case badLink
        case badPassword
        case tooManyAttempts
        case signedOut

        var text: String? {
            switch self {
            case .none: nil
            case .badLink: "登录链接无效、已用过或已过期。请在聊天中重新发送「登录」获取新链接。"
            case .badPassword: "账号或密码不正确。"
            case .tooManyAttempts: "尝试次数过多，请稍后再试。"
            case .signedOut: "已退出登录。"
            }
        }
    }

    /// The page with `notice`, answered with `status`. Never cached, and it sends no
    /// referrer, so a sign-in token in its address goes nowhere else.
    static func response(_ notice: Notice = .none, status: HTTPResponse.Status = .ok) -> Response {
        var response = HTTPReply.body(html(notice), status: status, contentType: "text/html; charset=utf-8")
        response.headers[.cacheControl] = "no-store"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        return response
    }

    static func html(_ notice: Notice) -> String {
        let message = notice.text.map { "<p class=\"notice\" role=\"alert\">\($0)</p>" } ?? ""
        return """
            <!doctype html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>登录 · 邻里社区工作台</title>
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
            <h1>邻里社区工作台</h1>
            \(message)
            <form method="post" action="/console/login" id="login">
            <label for="id">账号（工作人员编号）</label>
            <input id="id" name="id" autocomplete="username" required>
            <label for="password">密码</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">登录</button>
            </form>
            <p class="hint">密码登录仅限管理员。网格员等工作人员请在聊天中发送「登录」，点击收到的链接即可登录（10分钟内有效，只能用一次）。</p>
            </main>
            </body>
            </html>
            """
    }
}
