import LinliNLU
import Testing

@Suite("Normalisation")
struct NormalizerTests {
    let normalizer = Fixtures.normalizer

    @Test("Chinese numerals become digits where they count something", arguments: [
        ("三号楼", "3号楼"),
        ("十一号楼", "11号楼"),
        ("二十三号", "23号"),
        ("八十二岁", "82岁"),
        ("三零二室", "302室"),
        ("一百零八号", "108号"),
        ("五单元", "5单元"),
        ("她八十六了", "她86了"),
        ("第三次", "第3次"),
        ("幺三九零零零零五六七八", "13900005678"),
    ])
    func numerals(input: String, expected: String) {
        #expect(normalizer.normalize(input).text == expected)
    }

    @Test("Numerals that are words stay as written", arguments: [
        "一直插着", "两个人", "十分危险", "一下", "百岁老人", "三四个", "十几个",
    ])
    func wordsStay(input: String) {
        #expect(normalizer.normalize(input).text == input)
    }

    @Test("Full-width characters become half-width and ASCII lower-case")
    func width() {
        #expect(normalizer.normalize("３号楼ＡＢＣ，１３９").text == "3号楼abc,139")
    }

    @Test("Traditional characters become simplified")
    func traditional() {
        #expect(normalizer.normalize("樓道燈壞了").text == "楼道灯坏了")
    }

    @Test("Synonyms and typos from the lexicon", arguments: [
        ("电瓶车", "电动车"),
        ("小电驴", "电动车"),
        ("以保认证", "医保认证"),
        ("冲电", "充电"),
        ("高龄年申", "高龄年审"),
        ("俺妈", "我妈"),
    ])
    func replacements(input: String, expected: String) {
        #expect(normalizer.normalize(input).text == expected)
    }

    @Test("Every normalised span maps back to the original text")
    func originalSpans() {
        let text = normalizer.normalize("东关社区七号院，俺妈")
        #expect(text.text == "东关社区7号院,我妈")
        #expect(text.originalText(0..<7) == "东关社区七号院")
        #expect(text.originalText(8..<10) == "俺妈")
    }

    @Test("Control and invisible characters do not survive")
    func invisible() {
        #expect(normalizer.normalize("楼\u{200B}道\u{0007}灯").text == "楼道 灯")
    }
}
