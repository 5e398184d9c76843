/// A multinomial logistic-regression classifier over hashed sparse features, trained with
/// stochastic gradient descent at start-up.
///
/// Linear models over character n-grams are small, fast (one multiply-add per feature and
/// class) and give probabilities that a confidence threshold can act on.
struct IntentClassifier: Sendable {
    /// Settings for training; the defaults were chosen by cross-validation over `intents/`.
    struct Configuration: Sendable {
        var epochs = 30
        var learningRate: Float = 0.6
        var l2: Float = 1e-5
        var seed: UInt64 = 0x6c69_6e6c_69
    }

    let classCount: Int
    private let featureIndex: IntegerTable
    private let weights: [Float]
    private let bias: [Float]

    /// Trains on `examples` (sorted, unique feature hashes and a class index each).
    init(examples: [(features: [UInt64], label: Int)], classCount: Int, configuration: Configuration = .init()) {
        self.classCount = classCount
        var index = IntegerTable(minimumCapacity: 1 << 16)
        var encoded: [(indices: [Int32], label: Int)] = []
        encoded.reserveCapacity(examples.count)
        for example in examples {
            var indices: [Int32] = []
            indices.reserveCapacity(example.features.count)
            for feature in example.features {
                if let existing = index[feature] {
                    indices.append(existing)
                } else {
                    let next = Int32(index.count)
                    index.set(feature, next)
                    indices.append(next)
                }
            }
            encoded.append((indices, example.label))
        }
        featureIndex = index
        var w = [Float](repeating: 0, count: index.count * classCount)
        var b = [Float](repeating: 0, count: classCount)
        var order = Array(encoded.indices)
        var rng = SplitMix64(seed: configuration.seed)
        var scores = [Float](repeating: 0, count: classCount)
        let total = Float(configuration.epochs * max(encoded.count, 1))
        var step: Float = 0
        for _ in 0..<configuration.epochs {
            order.shuffle(using: &rng)
            for position in order {
                let (indices, label) = encoded[position]
                let value = 1 / Float(indices.count).squareRoot()
                let rate = configuration.learningRate * (1 - step / total) + 0.01
                step += 1
                Self.score(indices: indices, value: value, weights: w, bias: b, classCount: classCount, into: &scores)
                Self.softmax(&scores)
                for c in 0..<classCount {
                    let gradient = scores[c] - (c == label ? 1 : 0)
                    b[c] -= rate * gradient
                    scores[c] = rate * gradient * value
                }
                let decay = 1 - rate * configuration.l2
                w.withUnsafeMutableBufferPointer { w in
                    scores.withUnsafeBufferPointer { g in
                        for i in indices {
                            let base = Int(i) * classCount
                            for c in 0..<classCount { w[base + c] = w[base + c] * decay - g[c] }
                        }
                    }
                }
            }
        }
        weights = w
        bias = b
    }

    /// Class probabilities for a message's features.
    func probabilities(features: [UInt64]) -> [Float] {
        var indices: [Int32] = []
        indices.reserveCapacity(features.count)
        for feature in features {
            if let i = featureIndex[feature] { indices.append(i) }
        }
        var scores = [Float](repeating: 0, count: classCount)
        // Unknown features still count towards the length normalisation: a message made of
        // words never seen in training should not look confident.
        let value = 1 / Float(max(features.count, 1)).squareRoot()
        Self.score(indices: indices, value: value, weights: weights, bias: bias, classCount: classCount, into: &scores)
        Self.softmax(&scores)
        return scores
    }

    /// How many of `features` the model has a weight for.
    func knownFeatureCount(_ features: [UInt64]) -> Int {
        features.reduce(0) { $0 + (featureIndex[$1] == nil ? 0 : 1) }
    }

    private static func score(indices: [Int32], value: Float, weights: [Float], bias: [Float], classCount: Int, into scores: inout [Float]) {
        for c in 0..<classCount { scores[c] = bias[c] }
        weights.withUnsafeBufferPointer { w in
            scores.withUnsafeMutableBufferPointer { s in
                for i in indices {
                    let base = Int(i) * classCount
                    for c in 0..<classCount { s[c] += w[base + c] * value }
                }
            }
        }
    }

    private static func softmax(_ scores: inout [Float]) {
        let maximum = scores.max() ?? 0
        var sum: Float = 0
        for c in scores.indices {
            let e = expf(scores[c] - maximum)
            scores[c] = e
            sum += e
        }
        for c in scores.indices { scores[c] /= sum }
    }
}

/// A small seeded generator, so that training gives the same model on every start.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
