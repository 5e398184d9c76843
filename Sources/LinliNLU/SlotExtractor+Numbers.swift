/// The slots that are numbers or codes: phone, plate, age, and the address parts
/// building, unit and room.
extension SlotExtractor {
    private static let separators = ScalarSet(" -._".unicodeScalars)
    /// Characters before a number that make it a count (共有320户, 有3栋楼).
    private static let countMarkers = ScalarSet("有共约近余计达这那几".unicodeScalars)
    private static let provinces = ScalarSet("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼".unicodeScalars)

    /// The first mobile or landline number, digits only.
    func phone(in s: [Unicode.Scalar]) -> (value: String, range: Range<Int>)? {
        var index = 0
        while index < s.count {
            guard s[index].isASCIIDigit, index == 0 || !(s[index - 1].isASCIIDigit || s[index - 1].isASCIILetter) else {
                index += 1
                continue
            }
            // A run of digits that may be split by single spaces or dashes (139 0000 5678).
            var digits = String.UnicodeScalarView()
            var end = index
            var groups = 0
            while end < s.count {
                let groupEnd = s.digitRunEnd(from: end)
                digits.append(contentsOf: s[end..<groupEnd])
                groups += 1
                end = groupEnd
                if end + 1 < s.count, Self.separators.contains(s[end]), s[end + 1].isASCIIDigit {
                    end += 1
                } else {
                    break
                }
            }
            var number = String(digits)
            if number.count == 13, number.hasPrefix("86") { number.removeFirst(2) }
            let utf8 = Array(number.utf8)
            let isMobile = utf8.count == 11 && utf8[0] == 0x31 && utf8[1] >= 0x33
            let isLandline = utf8.count >= 10 && utf8.count <= 12 && utf8[0] == 0x30 && (groups <= 2)
            let isLocal = (utf8.count == 7 || utf8.count == 8) && groups == 1 && mentionsPhone(s, before: index)
            if isMobile || isLandline || isLocal {
                return (number, index..<end)
            }
            index = end
        }
        return nil
    }

    private func mentionsPhone(_ s: [Unicode.Scalar], before index: Int) -> Bool {
        let from = max(0, index - 6)
        let window = s.string(from..<index)
        return window.contains("电话") || window.contains("联系") || window.contains("号码") || window.contains("手机")
    }

    /// A licence plate such as 陕C12345 or 陕CA1234, upper-case without separators.
    func plate(in s: [Unicode.Scalar]) -> (value: String, range: Range<Int>)? {
        for index in s.indices where Self.provinces.contains(s[index]) {
            var cursor = index + 1
            guard cursor < s.count, s[cursor].isASCIILetter else { continue }
            var view = String.UnicodeScalarView([s[index]])
            view.append(contentsOf: String(s[cursor]).uppercased().unicodeScalars)
            cursor += 1
            if cursor < s.count, s[cursor] == "·" || s[cursor] == "•" || s[cursor] == " " || s[cursor] == "-" { cursor += 1 }
            var body = 0
            while cursor < s.count, s[cursor].isASCIIDigit || s[cursor].isASCIILetter, body < 7 {
                view.append(contentsOf: String(s[cursor]).uppercased().unicodeScalars)
                cursor += 1
                body += 1
            }
            guard body == 5 || body == 6 else { continue }
            return (String(view), index..<cursor)
        }
        return nil
    }

    /// An age written as N岁 or N周岁, 1 to 120.
    func age(in s: [Unicode.Scalar], skipping taken: [Range<Int>]) -> String? {
        var index = 0
        while index < s.count {
            guard s[index].isASCIIDigit, index == 0 || !s[index - 1].isASCIIDigit else { index += 1; continue }
            let end = s.digitRunEnd(from: index)
            defer { index = end }
            guard !taken.contains(where: { $0.contains(index) }), end - index <= 3 else { continue }
            let value = Int(s.string(index..<end)) ?? 0
            if s.has("岁", at: end) || s.has("周岁", at: end) {
                if value >= 1 && value <= 120 { return String(value) }
            } else if value >= 60 && value <= 120, end < s.count, Normalizer.ageEndings.contains(s[end]) {
                // 她八十六了: an old person's age is often said without 岁.
                return String(value)
            }
        }
        return nil
    }

    /// Building, unit and room: 3号楼 / 3栋 / 3幢 / 3# / 3座, 2单元, 302室 or a bare room
    /// number after the building or unit, and the compact 3-2-302.
    func address(in s: [Unicode.Scalar], skipping taken: [Range<Int>], into slots: inout [String: String]) {
        var index = 0
        // Where the previous building or unit number ended: a bare number right after it is a room.
        var afterAddressPart = -1
        while index < s.count {
            guard s[index].isASCIIDigit, index == 0 || !s[index - 1].isASCIIDigit else { index += 1; continue }
            let end = s.digitRunEnd(from: index)
            let start = index
            index = end
            if taken.contains(where: { $0.contains(start) }) { continue }
            // 6月3号楼下: a day of the month, not a building.
            if start > 0, s[start - 1] == "月" { continue }
            // 共有320户, 有3栋楼: a count, not an address.
            let counts = start > 0 && Self.countMarkers.contains(s[start - 1])
            let number = String(Int(s.string(start..<end)) ?? 0)
            let length = end - start

            if let compact = compactAddress(s, from: start) {
                if slots["building"] == nil { slots["building"] = compact.building }
                if slots["unit"] == nil, let unit = compact.unit { slots["unit"] = unit }
                if slots["room"] == nil { slots["room"] = compact.room }
                index = compact.end
                afterAddressPart = compact.end
                continue
            }
            if let markerEnd = buildingMarkerEnd(s, at: end) {
                if counts, s.has("楼", at: markerEnd) { continue }
                if slots["building"] == nil, length <= 3 { slots["building"] = number }
                afterAddressPart = markerEnd
                index = markerEnd
                continue
            }
            if s.has("单元", at: end) {
                if slots["unit"] == nil, length <= 2 { slots["unit"] = number }
                afterAddressPart = end + 2
                index = end + 2
                continue
            }
            if s.has("室", at: end) || s.has("房", at: end) || s.has("号房", at: end) || s.has("户", at: end) && length >= 3 && !counts {
                if slots["room"] == nil, length >= 2, length <= 5 { slots["room"] = number }
                continue
            }
            if slots["room"] == nil, length >= 3, length <= 4, start >= 2,
               ["楼上", "楼下", "对门", "隔壁"].contains(s.string((start - 2)..<start)) {
                // 楼上402漏的: a neighbour's door number.
                slots["room"] = number
                continue
            }
            if afterAddressPart > 0, start == afterAddressPart || (start == afterAddressPart + 1 && (s[start - 1] == " " || s[start - 1] == ",")) {
                // 3单元502, 9号楼602的住户: a bare 3–4 digit number right after the address.
                if slots["room"] == nil, length >= 3, length <= 4, !s.has("号楼", at: end), !s.has("层", at: end) {
                    slots["room"] = number
                } else if slots["room"] == nil, s.has("号", at: end), length >= 2, length <= 4 {
                    slots["room"] = number
                }
            }
        }
    }

    /// The end of a building marker after a number, or nil: 号楼, 栋, 幢, #楼, #, 座, and 楼
    /// or 号 when a unit follows (3楼2单元); a lone N楼 is a floor.
    func buildingMarkerEnd(_ s: [Unicode.Scalar], at end: Int) -> Int? {
        for marker in ["号楼", "#楼", "栋", "幢", "#", "座", "号院楼"] where s.has(marker, at: end) {
            return end + marker.unicodeScalars.count
        }
        for marker in ["楼", "号"] where s.has(marker, at: end) {
            let next = end + 1
            var cursor = next
            if cursor < s.count, s[cursor] == " " || s[cursor] == "," { cursor += 1 }
            let digitsEnd = s.digitRunEnd(from: cursor)
            if digitsEnd > cursor, s.has("单元", at: digitsEnd) { return next }
        }
        return nil
    }

    /// 3-2-302 or 3-302: building, optional unit, room.
    private func compactAddress(_ s: [Unicode.Scalar], from index: Int) -> (building: String, unit: String?, room: String, end: Int)? {
        var parts: [String] = []
        var cursor = index
        while cursor < s.count, s[cursor].isASCIIDigit {
            let end = s.digitRunEnd(from: cursor)
            parts.append(s.string(cursor..<end))
            cursor = end
            guard cursor + 1 < s.count, s[cursor] == "-", s[cursor + 1].isASCIIDigit, parts.count < 3 else { break }
            cursor += 1
        }
        guard parts.count >= 2, parts.last!.count >= 3, parts.last!.count <= 4,
              parts.dropLast().allSatisfy({ $0.count <= 2 }) else { return nil }
        let building = String(Int(parts[0]) ?? 0)
        let unit = parts.count == 3 ? String(Int(parts[1]) ?? 0) : nil
        return (building, unit, String(Int(parts.last!) ?? 0), cursor)
    }
}
