/// A message after normalisation, with a map back to what the resident wrote.
///
/// Every normalised scalar remembers the range of original scalars it came from, so a slot
/// found in the normalised text (东关社区7号院) can be reported as written (东关社区七号院).
public struct NormalizedText: Sendable {
    /// The message as received, as Unicode scalars.
    public let original: [Unicode.Scalar]
    /// The normalised message.
    public let scalars: [Unicode.Scalar]
    /// For each normalised scalar, where its source starts in `original`.
    let starts: [Int32]
    /// For each normalised scalar, where its source ends in `original` (exclusive).
    let ends: [Int32]

    init(original: [Unicode.Scalar], scalars: [Unicode.Scalar], starts: [Int32], ends: [Int32]) {
        self.original = original
        self.scalars = scalars
        self.starts = starts
        self.ends = ends
    }

    /// The normalised message as a string.
    public var text: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The normalised scalars in `range` as a string.
    public func normalizedText(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    /// The original text behind the normalised scalars in `range`.
    public func originalText(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        let from = Int(starts[range.lowerBound])
        let to = Int(ends[range.upperBound - 1])
        var view = String.UnicodeScalarView()
        view.append(contentsOf: original[from..<max(from, to)])
        return String(view)
    }
}


extension NormalizedText {
    /// The normalised scalars in `range` as a text of their own, still mapped to the original.
    func slice(_ range: Range<Int>) -> NormalizedText {
        NormalizedText(original: original, scalars: Array(scalars[range]), starts: Array(starts[range]), ends: Array(ends[range]))
    }
}
