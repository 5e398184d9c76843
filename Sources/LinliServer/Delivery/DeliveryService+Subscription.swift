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
    func deliver(_ row: OutboxEntry) async throws -> DeliveryOutcome {
        let outcome = await courier.send(row.message)
        guard case .failed(let reason) = outcome, DeliveryNotice.errorCode(in: reason) == 45015,
              let notice = row.message.notice, let template = configuration.subscribeTemplates[notice.kind] else { return outcome }
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
}
