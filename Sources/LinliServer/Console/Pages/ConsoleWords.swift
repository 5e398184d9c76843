import LinliCore

/// The console's words, from the `console_*` templates of `responses/console.yaml`, so that a
/// community changes them without touching Swift; a missing one shows its key.
struct ConsoleWords: Sendable {
    let responses: Responses

    /// The template `console_<key>` rendered with `values`.
    func callAsFunction(_ key: String, _ values: [String: Any] = [:]) -> String {
        responses.render(template: "console_" + key, values) ?? "console_" + key
    }
}

extension Engine {
    /// The console's words.
    var consoleWords: ConsoleWords { ConsoleWords(responses: responses) }
}
