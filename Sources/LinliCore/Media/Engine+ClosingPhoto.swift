import Foundation

extension Engine {
    /// Tells the residents of request `number` (who opened it and who followed it) that the
    /// photo of the finished work, stored as media `media`, is there, with its link when
    /// links are configured. Called in the transaction that records the download.
    public func tellClosingPhoto(request number: Int, media: Int64, in transaction: any StoreTransaction, at now: Date) throws {
        guard let request = try transaction.request(number: number) else { return }
        let link = configuration.mediaLinks?.link(to: media, at: now) ?? ""
        let text = responses.render(.closingPhotoResident, ["number": number, "link": link])
        for recipient in ([request.resident] + request.followers).uniqueIDs().sorted() {
            try transaction.enqueue(OutboundMessage(recipient: recipient, text: text), at: now)
        }
    }
}
