import Foundation
import LinliCore
import LinliGateways
import LinliNLU
import LinliPostgres
import LinliSQLite
import Logging

/// Everything a command needs, wired from the settings: store, NLU, responses, engine.
struct Runtime {
    let settings: Settings
    let engine: Engine
    let logger: Logger

    /// Wires the engine; every data and configuration error surfaces here, at start-up.
    static func make(_ settings: Settings, label: String, defaultLogLevel: Logger.Level = .warning) throws -> Runtime {
        var logger = Logger(label: label)
        logger.logLevel = ProcessInfo.processInfo.environment["LINLI_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? defaultLogLevel
        let directory = try settings.makeDirectory()
        // The store first: an unreachable database is reported at once, not after training.
        let store = try makeStore(settings.databaseURL, poolSize: settings.databasePoolSize, logger: logger)
        let nlu = try settings.makeNLU(communities: directory.communities)
        let responses = try Responses.load(from: URL(fileURLWithPath: settings.responsesDirectory))
        try responses.check(against: nlu.catalog)
        try settings.checkDeadlines(against: nlu.catalog)
        var configuration = Engine.Configuration(timeZone: settings.timeZone, deadlines: settings.deadlines,
                                                 consoleLinks: try settings.consoleLinks(),
                                                 whistleAnswerWithin: settings.whistleAnswerWithin,
                                                 subscribeLink: try settings.subscribeLink())
        if let within = settings.media.closing_photo_within {
            guard within > 0 else { throw SettingsError("media.closing_photo_within must be a positive number of seconds, not \(within)") }
            configuration.closingPhotoWithin = TimeInterval(within)
        }
        if let signer = try settings.mediaLinkSigner() {
            configuration.mediaLinks = MediaLinks { signer.link(to: $0, at: $1) }
        }
        let engine = Engine(nlu: nlu, responses: responses, directory: directory, store: store,
                            configuration: configuration, logger: logger)
        return Runtime(settings: settings, engine: engine, logger: logger)
    }

    /// The store a `database.url` names: SQLite for `sqlite:`, PostgreSQL (with a pool of
    /// `poolSize` connections) for `postgres://` and `postgresql://`.
    static func makeStore(_ url: String, poolSize: Int, logger: Logger) throws -> any Store {
        if url.hasPrefix("sqlite:") { return try SQLiteStore(url: url) }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return try PostgresStore(url: url, poolSize: poolSize, logger: logger)
        }
        throw SettingsError("database.url must be sqlite:PATH, sqlite::memory: or postgres://…, not '\(Redaction.databaseURL(url))'")
    }
}

/// Dates the office types on the command line.
enum Dates {
    /// Parses `2026-11-01` (midnight in `timeZone`) or `2026-11-01T08:00:00Z`.
    static func parse(_ text: String, timeZone: TimeZone = Engine.Configuration.chinaTime) -> Date? {
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = timeZone
        day.dateFormat = "yyyy-MM-dd"
        if let date = day.date(from: text) { return date }
        return ISO8601DateFormatter().date(from: text)
    }
}
