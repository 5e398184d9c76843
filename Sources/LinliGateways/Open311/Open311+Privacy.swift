extension Open311 {
    /// What a public answer must not carry of the resident who wrote.
    public enum Privacy {
        /// What stands in for a hidden number.
        public static let mask = "***"
        /// Runs of at least this many digits are hidden: the shortest landline number without its area code.
        public static let minimumDigits = 7

        /// `text` with every phone-like number replaced by ``mask``: a run of at least
        /// ``minimumDigits`` digits (ASCII or full-width), which may be split by spaces, hyphens
        /// or a `+`, as people write `138 1234 5678` or `029-8765 4321`. ID card numbers
        /// (with their final X) go the same way. Shorter numbers (building 4, room 302) stay.
        public static func maskingPhoneNumbers(in text: String) -> String {
            let scalars = Array(text.unicodeScalars)
            var output = String.UnicodeScalarView()
            var index = 0
            while index < scalars.count {
                guard isDigit(scalars[index]) || (scalars[index] == "+" && index + 1 < scalars.count && isDigit(scalars[index + 1])) else {
                    output.append(scalars[index])
                    index += 1
                    continue
                }
                // The run: digits and the separators between them, ending on a digit.
                var end = index
                var last = index
                var digits = 0
                while end < scalars.count, isDigit(scalars[end]) || isSeparator(scalars[end]) {
                    if isDigit(scalars[end]) {
                        digits += 1
                        last = end
                    }
                    end += 1
                }
                if digits >= minimumDigits {
                    output.append(contentsOf: mask.unicodeScalars)
                    index = last + 1
                    // An ID card number's check character.
                    if index < scalars.count, scalars[index] == "X" || scalars[index] == "x" { index += 1 }
                } else {
                    output.append(contentsOf: scalars[index...last])
                    index = last + 1
                }
            }
            return String(output)
        }

        private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
            ("0"..."9").contains(scalar) || ("\u{FF10}"..."\u{FF19}").contains(scalar)
        }

        private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "-" || scalar == "+" || scalar == "\u{FF0D}" || scalar == "\u{3000}"
        }
    }
}
