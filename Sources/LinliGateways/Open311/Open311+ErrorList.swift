extension Open311 {
    /// The spec's error answer: a list of `{code, description}`, the code being the HTTP status.
    public static func errors(code: Int, description: String) -> Document {
        Document(list: "errors", of: "error", [Record([("code", .integer(code)), ("description", .string(description))])])
    }
}
