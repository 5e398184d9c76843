import LinliCore
import Logging

extension MessagePipeline {
    /// What a WeChat or WeCom push is answered with.
    enum PassiveAnswer: Sendable, Equatable {
        /// A text reply, to be wrapped (and encrypted) by the channel.
        case reply(String)
        /// The bare acknowledgement: nothing to say now, or it comes later by the outbox.
        case acknowledge
        /// The engine or store failed: answer 503 so that the platform retries.
        case unavailable
    }

    /// Processes `message` and decides its passive answer; replies that do not fit in the
    /// one passive reply go to the outbox.
    func passiveAnswer(for message: InboundMessage, rateLimitedReply: String?) async -> PassiveAnswer {
        switch await process(message, overflow: { PassiveReply.pack($0).rest }) {
        case .answered(let handled):
            // What does not fit was queued with the message (a retry's, when first handled).
            guard !handled.replies.isEmpty else { return .acknowledge }
            return .reply(PassiveReply.pack(handled.replies).passive)
        case .late:
            return .acknowledge
        case .rateLimited:
            return rateLimitedReply.map(PassiveAnswer.reply) ?? .acknowledge
        case .failed(let error):
            logger.error("linli.message.failed", metadata: [
                "linli.user": .string(message.userID.redacted), "linli.error": .string(String(describing: error)),
            ])
            return .unavailable
        }
    }
}
