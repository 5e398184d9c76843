import LinliGateways
import Testing

@Suite("Safe XML reader")
struct XMLReaderTests {
    let reader = XML.Reader()

    private func code(of text: String, reader: XML.Reader = XML.Reader()) -> GatewayError.Code? {
        do {
            _ = try reader.parse(text)
            return nil
        } catch {
            return error.code
        }
    }

    private func failure(of text: String) -> GatewayError? {
        do {
            _ = try reader.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("CDATA and bare text give the same values (V-F has no CDATA)")
    func cdataAndBareText() throws {
        let withCDATA = try reader.parse("<xml><Content><![CDATA[你好]]></Content><MsgId>1</MsgId></xml>")
        let bare = try reader.parse("<xml><Content>你好</Content><MsgId>1</MsgId></xml>")
        #expect(withCDATA == bare)
        #expect(bare.value("Content") == "你好")
        #expect(bare.value("MsgId") == "1")
        #expect(bare.value("Missing") == nil)
    }

    @Test func declarationWhitespaceCommentsAndBOM() throws {
        let text = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- pushed -->\n<xml>\n  <A>1</A>\n  <!-- inside -->\n  <B/>\n</xml>\n<!-- after -->\n"
        let root = try reader.parse(text)
        #expect(root.name == "xml")
        #expect(root.children.map(\.name) == ["A", "B"])
        #expect(root.value("B") == "")
    }

    @Test func entitiesAndCharacterReferences() throws {
        let root = try reader.parse("<xml><T>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#65;&#x42;&#x4e2d;&#128512;</T></xml>")
        #expect(root.value("T") == "<a> & \"b\" 'c' AB中😀")
    }

    @Test("CDATA content is taken verbatim, markup-looking text included")
    func cdataIsVerbatim() throws {
        let root = try reader.parse("<xml><C><![CDATA[<!DOCTYPE x> &amp; <b>]]></C></xml>")
        #expect(root.value("C") == "<!DOCTYPE x> &amp; <b>")
    }

    @Test func nestedElementsAndAttributes() throws {
        let root = try reader.parse("<xml><Articles><item id='1'><Title>t</Title></item><item id=\"2\"/></Articles></xml>")
        let items = try #require(root.child("Articles")).children
        #expect(items.count == 2)
        #expect(items[0].attributes == ["id": "1"])
        #expect(items[0].value("Title") == "t")
        #expect(items[1].attributes["id"] == "2")
    }

    @Test("DOCTYPE and ENTITY are refused wherever they appear as markup",
          arguments: [
              "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><A>&x;</A></xml>",
              "<?xml version=\"1.0\"?><!doctype xml><xml/>",
              "<!ENTITY x \"y\"><xml/>",
              "<xml><!DOCTYPE x><A/></xml>",
              "<xml><A><!ENTITY lol \"lol\"></A></xml>",
              // The billion-laughs shape: refused before any expansion could start.
              "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>",
          ])
    func doctypeRefused(text: String) {
        #expect(code(of: text) == .doctypeRefused)
    }

    @Test("processing instructions and other declarations are refused",
          arguments: [
              "<?xml-stylesheet href=\"x\"?><xml/>",
              "<xml><?php echo 1; ?></xml>",
              "<xml/><?pi?>",
              "<xml><!ELEMENT a ANY></xml>",
              " <?xml version=\"1.0\"?><xml/>",
          ])
    func unsupportedMarkup(text: String) {
        #expect(code(of: text) == .unsupportedMarkup)
    }

    @Test("undefined entities are refused, not passed through", arguments: ["&lol;", "&#0;", "&#xD800;", "&#x;", "&#-1;", "& b", "&#x110000;"])
    func undefinedEntities(reference: String) {
        #expect(code(of: "<xml><A>\(reference)</A></xml>") == .malformedXML)
    }

    @Test("malformed documents", arguments: [
        "",
        "   ",
        "garbage",
        "not xml at all <xml/>",
        "<xml>",
        "<xml><A>1</A>",
        "<xml><A>1</xml>",
        "<xml><A>1</B></xml>",
        "<xml></XML>",
        "<xml><A><![CDATA[never closed</A></xml>",
        "<xml><!-- never closed </xml>",
        "<xml/><xml/>",
        "<xml/>trailing",
        "<xml a=1/>",
        "<xml a=\"1\" a=\"2\"/>",
        "<xml a=\"<\"/>",
        "<xml\"/>",
        "<1xml/>",
        "<xml><A</A></xml>",
        "<?xml version=\"1.0\"<xml/>",
    ])
    func malformed(text: String) {
        #expect(code(of: text) == .malformedXML)
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: GatewayError.self) { try reader.parse([0x3C, 0x78, 0x6D, 0x6C, 0x3E, 0xFF, 0x3C, 0x2F, 0x78, 0x6D, 0x6C, 0x3E] as [UInt8]) }
    }

    @Test("errors carry the byte offset where the problem was found")
    func positions() throws {
        let unclosed = try #require(failure(of: "<xml><A>1</A>"))
        #expect(unclosed.position == 13)
        #expect(unclosed.value == "xml")
        let doctype = try #require(failure(of: "<xml>\n<!DOCTYPE x></xml>"))
        #expect(doctype.position == 6)
        let mismatch = try #require(failure(of: "<xml><A>1</B></xml>"))
        #expect(mismatch.position == 9)
        #expect(mismatch.description.contains("at byte 9"))
    }

    @Test func sizeCapIsEnforcedBeforeParsing() {
        let small = XML.Reader(maxBytes: 32)
        #expect(code(of: "<xml><A>" + String(repeating: "x", count: 20) + "</A></xml>", reader: small) == .bodyTooLarge)
        #expect(code(of: "<xml><A>x</A></xml>", reader: small) == nil)
    }

    @Test func depthIsBounded() {
        let shallow = XML.Reader(maxDepth: 3)
        #expect(code(of: "<a><b><c/></b></a>", reader: shallow) == nil)
        #expect(code(of: "<a><b><c><d/></c></b></a>", reader: shallow) == .malformedXML)
        let deep = String(repeating: "<a>", count: 5_000) + String(repeating: "</a>", count: 5_000)
        #expect(code(of: deep) == .malformedXML)
    }
}

@Suite("XML writer")
struct XMLWriterTests {
    @Test("]]> inside CDATA is split and survives a round trip", arguments: ["a]]>b", "]]>", "]]]]>>", "x]]", "plain", "<![CDATA[ nested ]]>", ""])
    func cdataSplitting(value: String) throws {
        var writer = XML.Writer()
        writer.cdata("Content", value)
        let document = writer.document
        #expect(try XML.Reader().parse(document).value("Content") == value)
    }

    @Test func splitForm() {
        #expect(XML.cdata("a]]>b") == "<![CDATA[a]]]]><![CDATA[>b]]>")
    }

    @Test func escapedTextRoundTrips() throws {
        var writer = XML.Writer()
        writer.text("T", "<a> & b")
        #expect(writer.document == "<xml><T>&lt;a&gt; &amp; b</T></xml>")
        #expect(try XML.Reader().parse(writer.document).value("T") == "<a> & b")
    }

    @Test("characters XML cannot carry are replaced, so replies always parse")
    func forbiddenCharacters() throws {
        var writer = XML.Writer()
        writer.cdata("C", "a\u{0}b\u{1B}c\u{FFFE}d\te\nf")
        let parsed = try XML.Reader().parse(writer.document).value("C")
        #expect(parsed == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\te\nf")
    }

    @Test func nestingAndSeparators() {
        var writer = XML.Writer(separator: "\n")
        writer.number("ArticleCount", 1)
        writer.open("Articles")
        writer.open("item")
        writer.cdata("Title", "t")
        writer.close()
        writer.close()
        writer.close()  // extra close must not close the root
        #expect(writer.document == "<xml>\n<ArticleCount>1</ArticleCount>\n<Articles>\n<item>\n<Title><![CDATA[t]]></Title>\n</item>\n</Articles>\n</xml>")
    }
}
