import LinliNLU

/// The engine the app builds from the real `intents/`, with two configured communities so the
/// known-community path of the slot extractor is reached too.
///
/// Built once; the fuzzers using it build it in their set-up so training is not billed to the first input.
public let realNLU = harness("NLU from \(Repository.intents.path)") {
    try NLU(catalog: IntentCatalog.load(from: Repository.intents), configuration: .init(communities: ["凤鸣小区", "东关社区7号院"]))
}
