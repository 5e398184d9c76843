import Foundation
import LinliNLU
import Logging

/// The heart of linli: every inbound message, from any channel, goes through `handle`.
///
/// A message is handled in one store transaction: the dedupe row, the conversation, any
/// request change with its history event, and every outbox row commit together before the
/// replies are returned, so nothing acknowledged is lost and a retry is answered the same.
public struct Engine: Sendable {
    /// Settings of the engine.
    public struct Configuration: Sendable {
        /// A form idle longer than this is dropped.
        public var conversationTimeout: TimeInterval
        /// Below this confidence a message is not understood; nil takes the NLU's fallback
        /// threshold (`fallback_threshold` of `intents/lexicon/understanding.yaml`).
        public var understandingThreshold: Double?
        /// At or above this confidence, a message with every required slot opens a request
        /// without a confirmation turn, and one of another intent leaves a form for a new
        /// one; nil takes `direct_open_threshold` of `understanding.yaml`.
        public var directOpenThreshold: Double?
        /// Where times shown to people are local (`calendar.time_zone`).
        public var timeZone: TimeZone
        /// The time limits of each stage and the working calendar (`deadlines:`, `calendar:`);
        /// `.none` sets no deadline at all.
        public var deadlines: DeadlinePolicy
        /// How 登录 makes console sign-in links; nil when no console address is configured.
        public var consoleLinks: ConsoleLinks?
        /// How long a department has to answer a whistle with 报到 (`whistle.answer_within`).
        public var whistleAnswerWithin: TimeLimit
        /// The page where WeChat residents agree to 订阅通知 (`wechat.subscribe_link`): a
        /// resident without a consent is pointed to it when their request opens.
        public var subscribeLink: String?
        /// How 详情 links an attachment's stored media (`media.public_base_url`); nil lists
        /// attachments without links.
        public var mediaLinks: MediaLinks? = nil
        /// How long after 办结 N a staff member's photo is N's closing evidence
        /// (`media.closing_photo_within`), while 办结 N was their last command.
        public var closingPhotoWithin: TimeInterval = 600

        /// Creates a configuration; the thresholds default to the data's, the time zone to China's,
        /// the deadlines to none, and there are no console links.
        public init(conversationTimeout: TimeInterval = 30 * 60, understandingThreshold: Double? = nil, directOpenThreshold: Double? = nil,
                    timeZone: TimeZone = Configuration.chinaTime, deadlines: DeadlinePolicy = .none, consoleLinks: ConsoleLinks? = nil,
                    whistleAnswerWithin: TimeLimit = Configuration.defaultWhistleAnswerWithin, subscribeLink: String? = nil) {
            self.subscribeLink = subscribeLink
            self.conversationTimeout = conversationTimeout
            self.understandingThreshold = understandingThreshold
            self.directOpenThreshold = directOpenThreshold
            self.timeZone = timeZone
            self.deadlines = deadlines
            self.consoleLinks = consoleLinks
            self.whistleAnswerWithin = whistleAnswerWithin
        }

        /// Two working hours: a department called by the community answers within the same
        /// half day, as 吹哨报到 expects.
        public static let defaultWhistleAnswerWithin = TimeLimit(amount: 2, unit: .workingHours)

        /// Asia/Shanghai, the default time zone.
        public static let chinaTime = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
    }

    /// The intent engine.
    public let nlu: NLU
    /// The bot's words.
    public let responses: Responses
    /// Staff and grids: the configuration's with the approved members of 双报到, as of the
    /// last message handled (or `refreshDirectory()`).
    public var directory: Directory { roster.directory }
    /// Staff and grids of the configuration alone.
    public var configuredDirectory: Directory { roster.configured }
    let roster: DirectoryRoster
    /// Where everything is kept.
    public let store: any Store
    /// Settings.
    public let configuration: Configuration
    let logger: Logger

    /// Creates an engine.
    public init(nlu: NLU, responses: Responses, directory: Directory, store: any Store,
                configuration: Configuration = .init(), logger: Logger) {
        self.nlu = nlu
        self.responses = responses
        self.roster = DirectoryRoster(configured: directory)
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    /// Handles one message and returns the replies for its sender.
    public func handle(_ message: InboundMessage) throws -> HandledMessage {
        try handle(message, understanding: understand(message))
    }

    /// What the NLU makes of `message`: its text parsed, nil for anything else.
    ///
    /// Understanding needs no state, so it happens before the transaction, in parallel with
    /// other messages, rather than inside the store's one writer.
    public func understand(_ message: InboundMessage) -> Understanding? {
        guard case .text(let text) = message.content else { return nil }
        return nlu.parse(text)
    }

    /// Handles one message with `understanding`, which must be `understand(message)`; for
    /// callers that need the understanding too (metrics) and should not parse twice.
    public func handle(_ message: InboundMessage, understanding: Understanding?) throws -> HandledMessage {
        let result = try store.handleOnce(key: message.dedupeKey) { transaction in
            try run(message, understanding: understanding, in: transaction, laterReplies: { _ in [] })
        }
        logHandled(message, result)
        return result
    }

    /// ``handle(_:understanding:)`` through the store's completion path: `completion` gets
    /// the result once it is committed; whether the caller's thread blocks meanwhile is the
    /// store's choice (see `Store.handleOnce(key:_:completion:)`).
    ///
    /// `laterReplies` runs inside the message's transaction once its replies are known and
    /// names those that cannot go out in the answer (it is too late, or they do not fit):
    /// they are queued in the outbox in that same transaction, so they commit with the
    /// message or not at all. The recorded replies stay the whole list, so a retry is
    /// answered as the first delivery was.
    public func handle(_ message: InboundMessage, understanding: Understanding?,
                       laterReplies: @escaping @Sendable ([String]) -> [String] = { _ in [] },
                       completion: @escaping @Sendable (Result<HandledMessage, any Error>) -> Void) {
        store.handleOnce(key: message.dedupeKey, readingConversationOf: message.userID.rawValue, { [self] transaction in
            try run(message, understanding: understanding, in: transaction, laterReplies: laterReplies)
        }, completion: { [self] result in
            if case .success(let handled) = result { logHandled(message, handled) }
            completion(result)
        })
    }

    private func run(_ message: InboundMessage, understanding: Understanding?, in transaction: any StoreTransaction,
                     laterReplies: ([String]) -> [String]) throws -> [String] {
        // Members approved since the last message, here or on another server, serve from this one on.
        try roster.refresh(from: transaction)
        var turn = Turn(engine: self, transaction: transaction, message: message, understanding: understanding)
        let replies = try turn.run()
        for text in laterReplies(replies) {
            try transaction.enqueue(OutboundMessage(recipient: message.userID.rawValue, text: text), at: message.receivedAt)
        }
        return replies
    }

    private func logHandled(_ message: InboundMessage, _ result: HandledMessage) {
        logger.debug("linli.message.handled", metadata: [
            "linli.user": .string(message.userID.redacted),
            "linli.message.duplicate": .stringConvertible(result.duplicate),
            "linli.message.replies": .stringConvertible(result.replies.count),
        ])
    }

    /// Reads the members of 双报到 again if they changed, for callers outside a message
    /// (reports, the console, the command line); returns the directory as it is now.
    @discardableResult
    public func refreshDirectory() throws -> Directory {
        try store.read { try roster.refresh(from: $0) }
    }

    /// The directory as `transaction` has it (the members read again if they changed), for a
    /// caller already in a transaction, such as the console checking who a session is.
    public func directory(in transaction: any StoreTransaction) throws -> Directory {
        try roster.refresh(from: transaction)
    }

    /// Below this confidence a message is not understood.
    var understandingThreshold: Double {
        configuration.understandingThreshold ?? nlu.configuration.fallbackThreshold ?? nlu.catalog.settings.fallbackThreshold
    }

    /// At or above this confidence a complete message opens a request at once.
    var directOpenThreshold: Double {
        configuration.directOpenThreshold ?? nlu.catalog.settings.directOpenThreshold
    }

    /// What the intent `id` does; an id the catalog does not know is not handled.
    func kind(of id: String) -> IntentDefinition.Kind {
        id == NLU.outOfScope ? .fallback : nlu.catalog.intent(id)?.kind ?? .fallback
    }

    /// The intent's Chinese name, or its id when unknown.
    func intentName(_ id: String) -> String {
        nlu.catalog.intent(id)?.name ?? id
    }

    /// What the reporter is told of a request just opened, in the chat or through Open311: its
    /// number and kind, and the grid it went to (or that the office has it).
    func openedNotice(for request: ServiceRequest) -> String {
        if let grid = request.grid.flatMap(directory.grid(id:)) {
            return responses.render(.opened, ["number": request.number, "intent_name": intentName(request.intent), "grid_name": grid.name])
        }
        return responses.render(.openedNoGrid, ["number": request.number, "intent_name": intentName(request.intent)])
    }

    /// Slots as a short line for people, as the `address_summary` template of `responses/`
    /// writes them: 凤鸣小区 3号楼 2单元 302室 …
    public func summary(_ slots: [String: String]) -> String {
        responses.render(.addressSummary, slots.filter { !$0.value.isEmpty })
    }

    /// Where a request is, as the `address_place` template writes it: 凤鸣小区 3号楼 2单元 …
    func place(_ slots: [String: String]) -> String {
        responses.render(.addressPlace, slots.filter { !$0.value.isEmpty })
    }
}
