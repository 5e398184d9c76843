import Foundation

/// What became of one attempt to download a platform's media.
///
/// Reasons are short and safe to store and log: an errcode, an HTTP status, a transport
/// failure; never a token or the media id's URL.
public enum MediaFetch: Sendable, Equatable {
    /// The bytes, with the content type the server declared, if any.
    case fetched(Data, contentType: String?)
    /// The platform does not have it (any more): WeChat 40007, or it is larger than allowed.
    case lost(String)
    /// The day's download quota is used up (45009): nothing more until tomorrow.
    case quota
    /// Not this time; a later attempt may succeed.
    case retry(String)
}
