import Foundation

extension Engine {
    /// The attachments of `request` for 详情, one per line: each downloaded one with a
    /// signed link when links are configured, the others with where their download stands.
    func attachmentLines(of request: ServiceRequest, in transaction: any StoreTransaction, at now: Date) throws -> String {
        guard !request.attachments.isEmpty else { return "" }
        let jobs = try transaction.mediaJobs(attachments: request.attachments)
        return request.attachments.map { attachment in
            var values: [String: Any] = ["attachment": attachment]
            switch jobs[attachment] {
            case let job? where job.state == .stored:
                if let id = job.storedMedia, let links = configuration.mediaLinks { values["link"] = links.link(to: id, at: now) }
            case let job? where job.state == .lost:
                values["state"] = responses.render(.mediaLost)
            case .some:
                values["state"] = responses.render(.mediaPending)
            case nil:
                break
            }
            return responses.render(.staffShowAttachment, values)
        }.joined(separator: "\n")
    }
}
