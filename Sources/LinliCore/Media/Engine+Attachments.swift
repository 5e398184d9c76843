import Foundation

extension Engine {
    /// The attachments of `request` for 详情, one per line: each downloaded one with a
    /// signed link when links are configured, the others with where their download stands.
    func attachmentLines(of request: ServiceRequest, in transaction: any StoreTransaction, at now: Date) throws -> String {
        try attachmentViews(of: request, in: transaction, at: now).map { view in
            var values: [String: Any] = ["attachment": view.attachment]
            switch view.state {
            case .stored(let link?): values["link"] = link
            case .lost: values["state"] = responses.render(.mediaLost)
            case .pending: values["state"] = responses.render(.mediaPending)
            case .plain, .stored(nil): break
            }
            return responses.render(.staffShowAttachment, values)
        }.joined(separator: "\n")
    }
}
