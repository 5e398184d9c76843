import Foundation
import LinliCore
import LinliNLU
import Yams

/// linli's configuration, read only here: command line > environment > file > defaults.
/// Libraries receive the parts they need as values.
struct Settings {
    var host = "127.0.0.1"
    var port = 8080
    var databaseURL = "sqlite:linli.sqlite"
    /// Connections a PostgreSQL store keeps at most (`database.pool_size`).
    var databasePoolSize = 8
    var intentsDirectory = "intents"
    var responsesDirectory = "responses"
    var staff: [Directory.Staff] = []
    var grids: [Directory.Grid] = []
    var wechat = WeChatSettings()
    var wecom = WeComSettings()
    var webhook = WebhookSettings()
    var open311 = Open311Settings()
    var menu: [String: String] = [:]
    /// Where times shown to people are local (`calendar.time_zone`).
    var timeZone = Engine.Configuration.chinaTime
    /// Time limits and the working calendar (`deadlines:`, `calendar:`); none when the file has no `deadlines:`.
    var deadlines = DeadlinePolicy.none
    /// The console's public address, for sign-in links (`console.base_url`).
    var consoleBaseURL: String?
    /// How long a department has to answer a whistle (`whistle.answer_within`).
    var whistleAnswerWithin = Engine.Configuration.defaultWhistleAnswerWithin
    /// Photos, voice, video and files (`media:`).
    var media = MediaFile()

    struct WeChatSettings: Decodable {
        var token: String?
        var app_id: String?
        var app_secret: String?
        var encoding_aes_key: String?
        var api_base: String?
        /// Let staff with `wechat:` ids use a plain-mode endpoint (default false).
        var allow_plaintext_staff: Bool?
        /// 订阅通知 templates by notice kind (`claimed`, `replied`, `resolved`, `reopened`,
        /// `deadline_moved`).
        var subscribe_templates: [String: SubscribeTemplateSettings]?
        /// The page where residents agree to 订阅通知, shown after a request opens.
        var subscribe_link: String?
    }

    struct SubscribeTemplateSettings: Decodable {
        var template_id: String
        /// A consent lasts (长期订阅); default false, one notice per consent.
        var long_term: Bool?
        var page: String?
        /// Field key (`thing1`) to its words, with `{{number}}`, `{{intent_name}}`, `{{status}}`,
        /// `{{staff_name}}`, `{{note}}`, `{{place}}`, `{{time}}`, `{{due}}`.
        var fields: [String: String]
    }

    struct WeComSettings: Decodable {
        var token: String?
        var corp_id: String?
        var corp_secret: String?
        var agent_id: String?
        var encoding_aes_key: String?
        var api_base: String?
    }

    struct WebhookSettings: Decodable {
        var secret: String?
        var callback_url: String?
        /// Accept and send the older body-only signature, without a timestamp (default false).
        var legacy_signature: Bool?
    }

    struct Open311Settings: Decodable {
        /// The key a POST to `/open311/v2/requests` must carry; none turns POST off.
        var api_key: String?
        /// The one jurisdiction served, checked when a client names one.
        var jurisdiction_id: String?
    }

    /// The YAML file's shape; keys as in interface.md.
    struct File: Decodable {
        struct Server: Decodable { var host: String?; var port: Int? }
        struct Database: Decodable { var url: String?; var pool_size: Int? }
        var server: Server?
        var database: Database?
        var intents_dir: String?
        var responses_dir: String?
        var staff: [Directory.Staff]?
        var grids: [Directory.Grid]?
        var wechat: WeChatSettings?
        var wecom: WeComSettings?
        var webhook: WebhookSettings?
        var open311: Open311Settings?
        /// Menu (CLICK) keys mapped to what a resident would type.
        var menu: [String: String]?
        /// The community's working calendar.
        var calendar: CalendarFile?
        /// Time limits per intent (and `default`) and stage.
        var deadlines: [String: [String: String]]?
        /// The staff console (`console.base_url`).
        var console: ConsoleFile?
        /// 吹哨报到 (`whistle.answer_within`).
        var whistle: WhistleFile?
        /// Downloaded media and their links (`media:`).
        var media: MediaFile?
    }

    /// The `whistle:` section.
    struct WhistleFile: Decodable {
        /// A time limit such as `2wh`.
        var answer_within: String?
    }

    static func load(configPath: String?, environment: [String: String]) throws -> Settings {
        var settings = Settings()
        let path = configPath ?? (FileManager.default.fileExists(atPath: "linli.yaml") ? "linli.yaml" : nil)
        if let path {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw SettingsError("cannot read configuration file \(path)")
            }
            let file: File
            do {
                file = try YAMLDecoder().decode(File.self, from: text)
            } catch {
                throw SettingsError("\(path): \(error)")
            }
            settings.host = file.server?.host ?? settings.host
            settings.port = file.server?.port ?? settings.port
            settings.databaseURL = file.database?.url ?? settings.databaseURL
            settings.databasePoolSize = file.database?.pool_size ?? settings.databasePoolSize
            settings.intentsDirectory = file.intents_dir ?? settings.intentsDirectory
            settings.responsesDirectory = file.responses_dir ?? settings.responsesDirectory
            settings.staff = file.staff ?? []
            settings.grids = file.grids ?? []
            settings.wechat = file.wechat ?? settings.wechat
            settings.wecom = file.wecom ?? settings.wecom
            settings.webhook = file.webhook ?? settings.webhook
            settings.open311 = file.open311 ?? settings.open311
            settings.menu = file.menu ?? [:]
            settings.consoleBaseURL = file.console?.base_url
            settings.media = file.media ?? settings.media
            if let name = file.calendar?.time_zone {
                guard let zone = TimeZone(identifier: name) else { throw SettingsError("\(path): calendar.time_zone '\(name)' is not a time zone such as Asia/Shanghai") }
                settings.timeZone = zone
            }
            let calendar = try workCalendar(file.calendar, timeZone: settings.timeZone, path: path)
            settings.deadlines = try deadlinePolicy(file.deadlines, calendar: calendar, path: path)
            if let within = file.whistle?.answer_within {
                do { settings.whistleAnswerWithin = try TimeLimit(parsing: within) } catch { throw SettingsError("\(path): whistle.answer_within: \(error)") }
            }
        }
        func env(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        settings.host = env("LINLI_HOST") ?? settings.host
        if let port = env("LINLI_PORT") {
            guard let value = Int(port), (1...65535).contains(value) else { throw SettingsError("LINLI_PORT must be a port number, not '\(port)'") }
            settings.port = value
        }
        settings.databaseURL = env("LINLI_DATABASE_URL") ?? settings.databaseURL
        if let poolSize = env("LINLI_DATABASE_POOL_SIZE") {
            guard let value = Int(poolSize) else {
                throw SettingsError("LINLI_DATABASE_POOL_SIZE must be a number of connections, not '\(poolSize)'")
            }
            settings.databasePoolSize = value
        }
        guard (1...1000).contains(settings.databasePoolSize) else {
            throw SettingsError("database.pool_size must be between 1 and 1000, not \(settings.databasePoolSize)")
        }
        settings.intentsDirectory = env("LINLI_INTENTS_DIR") ?? settings.intentsDirectory
        settings.responsesDirectory = env("LINLI_RESPONSES_DIR") ?? settings.responsesDirectory
        settings.wechat.token = env("LINLI_WECHAT_TOKEN") ?? settings.wechat.token
        settings.wechat.app_id = env("LINLI_WECHAT_APP_ID") ?? settings.wechat.app_id
        settings.wechat.app_secret = env("LINLI_WECHAT_APP_SECRET") ?? settings.wechat.app_secret
        settings.wechat.encoding_aes_key = env("LINLI_WECHAT_AES_KEY") ?? settings.wechat.encoding_aes_key
        settings.wechat.api_base = env("LINLI_WECHAT_API_BASE") ?? settings.wechat.api_base
        settings.wecom.token = env("LINLI_WECOM_TOKEN") ?? settings.wecom.token
        settings.wecom.corp_id = env("LINLI_WECOM_CORP_ID") ?? settings.wecom.corp_id
        settings.wecom.corp_secret = env("LINLI_WECOM_CORP_SECRET") ?? settings.wecom.corp_secret
        settings.wecom.agent_id = env("LINLI_WECOM_AGENT_ID") ?? settings.wecom.agent_id
        settings.wecom.encoding_aes_key = env("LINLI_WECOM_AES_KEY") ?? settings.wecom.encoding_aes_key
        settings.wecom.api_base = env("LINLI_WECOM_API_BASE") ?? settings.wecom.api_base
        settings.webhook.secret = env("LINLI_WEBHOOK_SECRET") ?? settings.webhook.secret
        settings.webhook.callback_url = env("LINLI_WEBHOOK_CALLBACK_URL") ?? settings.webhook.callback_url
        settings.open311.api_key = env("LINLI_OPEN311_API_KEY") ?? settings.open311.api_key
        settings.consoleBaseURL = env("LINLI_CONSOLE_BASE_URL") ?? settings.consoleBaseURL
        settings.media.link_secret = env("LINLI_MEDIA_LINK_SECRET") ?? settings.media.link_secret
        settings.media.public_base_url = env("LINLI_MEDIA_PUBLIC_BASE_URL") ?? settings.media.public_base_url
        return settings
    }

    /// The configured staff and grids.
    func makeDirectory() throws -> Directory {
        do {
            return try Directory(staff: staff, grids: grids)
        } catch let error as CoreError {
            throw SettingsError("configuration: \(error.message)")
        }
    }

    /// The trained engine over the configured intents.
    func makeNLU(communities: [String] = []) throws -> NLU {
        let catalog = try IntentCatalog.load(from: URL(fileURLWithPath: intentsDirectory))
        return try NLU(catalog: catalog, configuration: .init(communities: communities))
    }
}

/// A configuration problem, said plainly.
struct SettingsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
