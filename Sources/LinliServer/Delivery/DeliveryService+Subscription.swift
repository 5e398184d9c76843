import Foundation
import LinliCore
import LinliGateways

extension DeliveryService {
    /// Sends `row` through its channel. When WeChat refuses it because the resident has been
    /// silent over 48 hours (45015) and it tells them of their request, it goes as a 订阅通知
    /// instead if they agreed to that kind's template: the consent is looked for first and
    /// spent only once the platform took the notice, so a notice that fails or waits for a
    /// retry costs the resident nothing. A resident's rows go out one at a time and in order
    /// (one server holds them), so two notices cannot spend one consent.
    ///
    /// When the resident's last message is already over 48 hours old, the chat send, which
    /// WeChat would refuse, is not tried at all.
    func deliver(_ row: OutboxEntry) async throws -> DeliveryOutcome {
        let template = row.message.notice.flatMap { configuration.subscribeTemplates[$0.kind] }
        let outcome: DeliveryOutcome
        if template != nil, try await windowClosed(for: row.message.recipient) {
            outcome = .failed("errcode 45015: last message over 48 hours ago, not sent through the chat")
        } else {
            outcome = await courier.send(row.message)
        }
        guard case .failed(let reason) = outcome, DeliveryNotice.errorCode(in: reason) == 45015,
              let notice = row.message.notice, let template else { return outcome }
        let user = row.message.recipient
        let date = now()
        let consented = try await offload { [store] in
            try store.write { try $0.useNoticeConsent(user: user, templateID: template.templateID, longTerm: true, at: date) }
        }
        guard consented else { return .failed("\(reason); no subscription consent") }
        let message: SubscribeMessage
        do {
            message = try template.message(for: notice)
        } catch {
            return .failed("\(reason); subscription notice not made: \(error)")
        }
        switch await courier.sendSubscribeMessage(message, to: user) {
        case .delivered:
            if !template.longTerm {
                _ = try await offload { [store] in
                    try store.write { try $0.useNoticeConsent(user: user, templateID: template.templateID, longTerm: false, at: date) }
                }
            }
            logger.info("outbox row delivered as a subscription notice", metadata: ["linli.outbox.id": "\(row.id)"])
            return .delivered
        case .retry(let why):
            return .retry("subscription notice: \(why)")
        case .failed(let why):
            return .failed("\(reason); subscription notice: \(why)")
        }
    }

    /// WeChat's customer-service window: 48 hours after the user's last message.
    static let chatWindow: TimeInterval = 48 * 3600

    /// Whether `recipient`, a WeChat user, last wrote more than `chatWindow` ago; false for
    /// other channels and for users linli has no conversation with.
    private func windowClosed(for recipient: String) async throws -> Bool {
        guard recipient.hasPrefix("wechat:") else { return false }
        let date = now()
        let last = try await offload { [store] in try store.read { try $0.conversation(for: recipient)?.updatedAt } }
        return last.map { date.timeIntervalSince($0) > Self.chatWindow } ?? false
    }
}
