import Foundation

/// What a member gives when they fulfil a wish (`实现心愿 N [说明]`).
struct WishFulfilment: Equatable {
    /// The member's closing words (送去了新书包), shown to the resident.
    var note: String?
    /// Photos of the fulfilled wish, as attachment references. Always empty today: the media
    /// issue will fill it (an image the member sends with or after the command), and
    /// `StaffTurn.fulfilWish` attaches each to the request before closing it.
    var photos: [String] = []
}
