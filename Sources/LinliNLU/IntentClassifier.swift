import Dispatch
import Synchronization

/// A linear classifier over hashed sparse features: TF-IDF weights (sublinear term
/// frequency), one L2-regularised squared-hinge SVM per intent trained by dual coordinate
/// descent at start-up, and a softmax over the SVM scores with a fitted temperature for
/// probabilities.
///
/// The squared-hinge SVM beat multinomial logistic regression in cross-validation over
/// `intents/` and on real residents' messages (see `linli nlu crossval` and `linli nlu eval`);
/// dual coordinate descent converges in a few passes, so training stays well under a second.
/// SVM scores are not probabilities: the temperature (`linli nlu calibrate`) makes a
/// confidence of 0.6 mean "right about 60 % of the time".
struct IntentClassifier: Sendable {
    /// Settings for training; the defaults were chosen by cross-validation over `intents/`.
    struct Configuration: Sendable {
        /// The SVM's cost: higher fits the training examples harder.
        var cost: Float = 1.5
        /// Passes over the examples at most, per intent.
        var maxPasses = 40
        /// Training stops once the projected gradients span less than this. 0.3 rather than
        /// LIBLINEAR's 0.1: it trains in 170 passes over the intents instead of 231, which
        /// took start-up from 1.15 s to 0.77 s on two cores, while cross-validation moved
        /// 0.9423 → 0.9419 and real-dev and the samples not at all; 0.5 saved little more and
        /// cost macro-F1 on real-dev.
        var tolerance: Float = 0.3
        /// Weight every intent's examples so that each intent counts as much in training.
        var balanced = false
        /// Each intent's SVM sees feature values scaled by how much more often the feature
        /// occurs in that intent than in the rest (see `NaiveBayesScaling`).
        var naiveBayes = NaiveBayesScaling()
        /// Training on the clauses of long examples (see `Clauses`).
        var clauses = ClauseTraining()
        var seed: UInt64 = 0x6c69_6e6c_69
    }

    /// Scaling features by their naive-Bayes log-count ratio before an SVM learns them (the
    /// NBSVM of Wang and Manning, ACL 2012), gently: feature `f` of intent `c` is multiplied by
    /// `1 + strength × |log(p_c(f) / p_rest(f))|`, so a feature that tells the intent apart is
    /// cheaper for the SVM to use and a common one keeps its value. The scale folds into the
    /// learnt weights, so a parse costs the same. Chosen by cross-validation over `intents/`
    /// (0.9403 → 0.9416) and on real residents' messages (0.836 → 0.849); stronger scaling
    /// cost accuracy in both.
    struct NaiveBayesScaling: Sendable {
        /// Added to every feature's count in each side; larger trusts rare features less.
        var smoothing: Float = 4
        /// How far the scale moves from 1; 0 turns the scaling off.
        var strength: Float = 0.1
    }

    /// How the clauses of long examples join the training set.
    struct ClauseTraining: Sendable {
        /// Only examples longer than this (in scalars) are split.
        var fromExamplesLongerThan = 40
        /// Shorter clauses say too little on their own and are left out.
        var minimumLength = 8
        /// A clause's weight in training relative to a whole example; 0 turns this off.
        var weight: Float = 0.2
    }

    /// One training example: sorted feature hashes (a hash repeats as often as it occurs),
    /// its class, and how much it counts.
    struct Example: Sendable {
        var features: [UInt64]
        var label: Int
        var weight: Float = 1
    }

    let classCount: Int
    /// Every known feature's idf and per-intent weights (see `WeightTable`).
    private let table: WeightTable
    private let bias: [Float]

    /// One example as sparse (feature, value) pairs, L2-normalised.
    private struct Vector {
        var indices: [Int32]
        var values: [Float]
    }

    /// Trains on `examples`.
    init(examples: [Example], classCount: Int, configuration: Configuration = .init()) {
        self.classCount = classCount
        var index = IntegerTable(minimumCapacity: 1 << 16)
        var documentFrequency: [Float] = []
        var hashes: [UInt64] = []
        var counted: [[(Int32, Float)]] = []
        counted.reserveCapacity(examples.count)
        for example in examples {
            var terms: [(Int32, Float)] = []
            Self.forEachRun(example.features) { feature, count in
                let i: Int32
                if let existing = index[feature] {
                    i = existing
                } else {
                    i = Int32(index.count)
                    index.set(feature, i)
                    hashes.append(feature)
                    documentFrequency.append(0)
                }
                documentFrequency[Int(i)] += 1
                terms.append((i, Float(count)))
            }
            counted.append(terms)
        }
        // Smoothed idf, as if one more document held every feature.
        let documents = Float(examples.count)
        let idf = documentFrequency.map { logf((1 + documents) / (1 + $0)) + 1 }
        // Each row's features in index order: training walks the weights (and the NB scales)
        // of a row in one direction instead of jumping about, which the caches reward.
        let rows = Rows(counted.map { terms in
            Self.normalized(terms.sorted { $0.0 < $1.0 }.map { ($0.0, (1 + logf($0.1)) * idf[Int($0.0)]) })
        })
        let labels = examples.map(\.label)
        let exampleWeights = examples.map(\.weight)
        let featureCount = index.count
        let frequency = documentFrequency
        var sizes = [Int](repeating: 0, count: classCount)
        for label in labels { sizes[label] += 1 }
        let classSizes = sizes
        // Each intent's SVM is independent: train them on all cores.
        let trained = Mutex([(weights: [Float], bias: Float)](repeating: ([], 0), count: classCount))
        DispatchQueue.concurrentPerform(iterations: classCount) { c in
            let result = Self.trainScaled(rows: rows, labels: labels, weights: exampleWeights, positive: c,
                                          featureCount: featureCount, documentFrequency: frequency, classSizes: classSizes, configuration: configuration)
            trained.withLock { $0[c] = result }
        }
        let perClass = trained.withLock { $0 }
        table = WeightTable(hashes: hashes, idf: idf, weights: perClass.map(\.weights))
        bias = perClass.map(\.bias)
    }

    /// The training vectors in one block (compressed sparse rows), shared by every intent's SVM.
    private struct Rows: Sendable {
        var offsets: [Int] = [0]
        var features: [Int32] = []
        var values: [Float] = []
        var count: Int { offsets.count - 1 }

        init(_ vectors: [Vector]) {
            for vector in vectors {
                features += vector.indices
                values += vector.values
                offsets.append(features.count)
            }
        }
    }

    /// One intent's SVM on the features scaled by `NaiveBayesScaling`, with the scale folded
    /// back into its weights.
    private static func trainScaled(rows: Rows, labels: [Int], weights: [Float], positive: Int, featureCount: Int,
                                    documentFrequency: [Float],
                                    classSizes: [Int], configuration: Configuration) -> ([Float], Float) {
        let scaling = configuration.naiveBayes
        guard scaling.strength > 0 else {
            return trainOneVersusRest(rows: rows, labels: labels, weights: weights, positive: positive,
                                      featureCount: featureCount, classSizes: classSizes, configuration: configuration)
        }
        // Counts of each (binarised) feature in the intent's examples and in the rest; the
        // rest is every example's count (`documentFrequency`, shared by all intents) minus the intent's.
        // Counts are whole numbers, so their logarithms come from one table, not a logf per feature.
        var inside = [Int32](repeating: 0, count: featureCount)
        var insideTotal: Float = 0
        for i in 0..<rows.count where labels[i] == positive {
            for k in rows.offsets[i]..<rows.offsets[i + 1] { inside[Int(rows.features[k])] += 1 }
            insideTotal += Float(rows.offsets[i + 1] - rows.offsets[i])
        }
        let documents = documentFrequency.reduce(0, +)
        let smoothing = scaling.smoothing * Float(featureCount)
        let offset = logf((documents - insideTotal + smoothing) / (insideTotal + smoothing))
        let logCount = (0...rows.count).map { logf(Float($0) + scaling.smoothing) }
        let scale = (0..<featureCount).map { f in
            let count = Int(inside[f])
            let ratio = logCount[count] - logCount[Int(documentFrequency[f]) - count] + offset
            return 1 + scaling.strength * abs(ratio)
        }
        var scaled = rows
        for k in scaled.values.indices { scaled.values[k] *= scale[Int(scaled.features[k])] }
        var (w, b) = trainOneVersusRest(rows: scaled, labels: labels, weights: weights, positive: positive,
                                        featureCount: featureCount, classSizes: classSizes, configuration: configuration)
        for f in 0..<featureCount { w[f] *= scale[f] }
        return (w, b)
    }

    /// Dual coordinate descent for the L2-regularised squared-hinge loss (Hsieh et al.,
    /// ICML 2008), with the bias learnt as the weight of a constant feature of value 1, and
    /// shrinking: an example whose gradient shows it will stay outside the margin is skipped
    /// until the remaining ones converge, then everything is checked once more.
    private static func trainOneVersusRest(rows: Rows, labels: [Int], weights: [Float], positive: Int, featureCount: Int,
                                           classSizes: [Int], configuration: Configuration) -> ([Float], Float) {
        let n = rows.count
        var w = [Float](repeating: 0, count: featureCount)
        var b: Float = 0
        var alpha = [Float](repeating: 0, count: n)
        let total = Float(n)
        let classes = Float(classSizes.count)
        // Per example: the loss's diagonal term 1/(2C), and Q_ii = |x|² + 1 (the bias feature) + it.
        var regularizer = [Float](repeating: 0, count: n)
        var diagonal = [Float](repeating: 0, count: n)
        var sign = [Float](repeating: 0, count: n)
        for i in 0..<n {
            sign[i] = labels[i] == positive ? 1 : -1
            var cost = configuration.cost * weights[i]
            if configuration.balanced {
                cost *= total / (classes * Float(max(classSizes[labels[i]], 1)))
            }
            regularizer[i] = 1 / (2 * cost)
            var norm: Float = 0
            for k in rows.offsets[i]..<rows.offsets[i + 1] { norm += rows.values[k] * rows.values[k] }
            diagonal[i] = norm + 1 + regularizer[i]
        }
        var active = Array(0..<n)
        var rng = SplitMix64(seed: configuration.seed &+ UInt64(positive))
        var previousMaximum = Float.infinity
        rows.offsets.withUnsafeBufferPointer { offsets in
        rows.features.withUnsafeBufferPointer { features in
        rows.values.withUnsafeBufferPointer { values in
        w.withUnsafeMutableBufferPointer { w in
            var pass = 0
            while pass < configuration.maxPasses {
                pass += 1
                active.shuffle(using: &rng)
                var maximum = -Float.infinity
                var minimum = Float.infinity
                var position = 0
                var end = active.count
                while position < end {
                    let i = active[position]
                    let from = offsets[i], to = offsets[i + 1]
                    var margin = b
                    for k in from..<to { margin += w[Int(features[k])] * values[k] }
                    let gradient = sign[i] * margin - 1 + regularizer[i] * alpha[i]
                    var projected: Float = gradient
                    if alpha[i] == 0 {
                        if gradient > previousMaximum {
                            // Comfortably outside the margin: leave it out for now.
                            end -= 1
                            active.swapAt(position, end)
                            continue
                        }
                        projected = min(gradient, 0)
                    }
                    position += 1
                    maximum = max(maximum, projected)
                    minimum = min(minimum, projected)
                    guard abs(projected) > 1e-12 else { continue }
                    let old = alpha[i]
                    alpha[i] = max(old - gradient / diagonal[i], 0)
                    let step = (alpha[i] - old) * sign[i]
                    for k in from..<to { w[Int(features[k])] += step * values[k] }
                    b += step
                }
                active.removeLast(active.count - end)
                if maximum - minimum < configuration.tolerance {
                    if active.count == n { break }
                    // Converged on the active examples: check all of them once more.
                    active = Array(0..<n)
                    previousMaximum = .infinity
                    continue
                }
                previousMaximum = maximum <= 0 ? .infinity : maximum
            }
        }
        }
        }
        }
        return (w, b)
    }

    /// The SVM score of every intent for a message's features (higher is more likely).
    func scores(features: [UInt64]) -> [Float] {
        scored(features).scores
    }

    /// The scores, and how many of the features the model knows. One pass and no allocation
    /// but the result: the L2 normalisation is one factor, applied to the sums at the end.
    func scored(_ features: [UInt64]) -> (scores: [Float], known: Int) {
        var raw = [Float](repeating: 0, count: classCount)
        var squares: Float = 0
        var known = 0
        let classCount = classCount
        // Two passes: first every table lookup, which brings each feature's slot into the
        // cache with no dependency between steps (so the processor overlaps the misses), then
        // the weights, read from those slots.
        table.withBytes { w in
            withUnsafeTemporaryAllocation(of: (slot: Int, count: Int32).self, capacity: max(features.count, 1)) { found in
                var n = 0
                Self.forEachRun(features) { feature, count in
                    guard let slot = table.offset(of: feature, in: w) else { return }
                    found[n] = (slot, Int32(count))
                    n += 1
                }
                raw.withUnsafeMutableBufferPointer { s in
                    for k in 0..<n {
                        let (base, count) = found[k]
                        known += Int(count)
                        // Sublinear term frequency; most features occur once, and logf is not free.
                        let value = (count == 1 ? 1 : 1 + logf(Float(count))) * WeightTable.idf(at: base, in: w)
                        squares += value * value
                        let step = value * WeightTable.scale(at: base, in: w)
                        for c in 0..<classCount { s[c] += WeightTable.weight(at: base, intent: c, in: w) * step }
                    }
                }
            }
        }
        let scale = squares > 0 ? 1 / squares.squareRoot() : 0
        for c in 0..<classCount { raw[c] = bias[c] + raw[c] * scale }
        return (raw, known)
    }

    /// Class probabilities: a softmax over the scores divided by `temperature`, and how many
    /// of the features the model knows.
    func probabilities(features: [UInt64], temperature: Float) -> (probabilities: [Float], known: Int) {
        let (scores, known) = scored(features)
        return (Self.softmax(scores, temperature: temperature), known)
    }

    static func softmax(_ scores: [Float], temperature: Float) -> [Float] {
        let t = max(temperature, 1e-3)
        let maximum = scores.max() ?? 0
        var result = scores.map { expf(($0 - maximum) / t) }
        let sum = result.reduce(0, +)
        for c in result.indices { result[c] /= sum }
        return result
    }

    /// Calls `body` once per distinct feature of a sorted list, with how often it occurs.
    private static func forEachRun(_ features: [UInt64], _ body: (UInt64, Int) -> Void) {
        var start = 0
        while start < features.count {
            var end = start + 1
            while end < features.count && features[end] == features[start] { end += 1 }
            body(features[start], end - start)
            start = end
        }
    }

    private static func normalized(_ terms: [(Int32, Float)]) -> Vector {
        let norm = terms.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
        guard norm > 0 else { return Vector(indices: [], values: []) }
        return Vector(indices: terms.map(\.0), values: terms.map { $0.1 / norm })
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
