import Foundation

/// How well confidences match accuracy, and the temperature that makes them match.
public struct Calibration: Sendable, Codable, Equatable {
    /// Messages whose confidence fell in one tenth of 0…1.
    public struct Bin: Sendable, Codable, Equatable {
        /// The bin's lower edge (0.0, 0.1, … 0.9).
        public var lower: Double
        /// How many messages.
        public var count: Int
        /// Their mean confidence.
        public var meanConfidence: Double
        /// The share of them whose intent was right.
        public var accuracy: Double
    }

    /// Ten bins of width 0.1, empty ones included.
    public var bins: [Bin]
    /// The count-weighted mean gap between confidence and accuracy over the bins.
    public var expectedCalibrationError: Double

    /// Bins (confidence, right) pairs.
    public init(_ outcomes: [(confidence: Double, right: Bool)]) {
        var sums = [(count: Int, confidence: Double, right: Int)](repeating: (0, 0, 0), count: 10)
        for (confidence, right) in outcomes {
            let b = min(9, max(0, Int(confidence * 10)))
            sums[b].count += 1
            sums[b].confidence += confidence
            sums[b].right += right ? 1 : 0
        }
        bins = sums.enumerated().map { index, s in
            Bin(lower: Double(index) / 10, count: s.count,
                meanConfidence: s.count == 0 ? 0 : s.confidence / Double(s.count),
                accuracy: s.count == 0 ? 0 : Double(s.right) / Double(s.count))
        }
        let total = Double(max(outcomes.count, 1))
        expectedCalibrationError = bins.reduce(0) { $0 + Double($1.count) / total * abs($1.meanConfidence - $1.accuracy) }
    }

    /// (confidence, right) of each scored example when its scores go through a softmax at
    /// `temperature`: what the reliability table of a temperature is made from.
    public static func outcomes(_ scored: [(scores: [Float], label: Int)], temperature: Double) -> [(confidence: Double, right: Bool)] {
        scored.map { item in
            let p = IntentClassifier.softmax(item.scores, temperature: Float(temperature))
            let best = p.indices.max { p[$0] < p[$1] } ?? 0
            return (Double(p[best]), best == item.label)
        }
    }

    /// The temperature that minimises the negative log-likelihood of the true labels under
    /// softmax(scores / T): golden-section search over log T in [0.01, 10].
    public static func fitTemperature(_ scored: [(scores: [Float], label: Int)]) -> Double {
        func loss(_ logT: Double) -> Double {
            let t = Float(exp(logT))
            var total = 0.0
            for (scores, label) in scored {
                let p = IntentClassifier.softmax(scores, temperature: t)[label]
                total -= log(Double(max(p, 1e-12)))
            }
            return total
        }
        var low = log(0.01), high = log(10.0)
        let ratio = (sqrt(5.0) - 1) / 2
        var a = high - ratio * (high - low), b = low + ratio * (high - low)
        var fa = loss(a), fb = loss(b)
        for _ in 0..<60 {
            if fa < fb {
                high = b; b = a; fb = fa
                a = high - ratio * (high - low); fa = loss(a)
            } else {
                low = a; a = b; fa = fb
                b = low + ratio * (high - low); fb = loss(b)
            }
        }
        return exp((low + high) / 2)
    }
}
