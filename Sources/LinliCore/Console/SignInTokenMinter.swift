/// Makes console sign-in tokens and their digests. Core may not hash (it imports no
/// cryptography), so the server passes one in.
public protocol SignInTokenMinter: Sendable {
    /// A fresh random token, safe in a URL.
    func token() -> String
    /// The digest the store keeps of `token` (a secret's hash, printable).
    func digest(of token: String) -> String
}
