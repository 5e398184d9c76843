import Foundation

/// Tells what bytes are from their first few (magic numbers), so that a file that says it
/// is a photo but is something else is never stored or served as one.
public enum MediaSniffer {
    /// One recognisable format: the bytes at `offset` and the type it is served as.
    struct Signature {
        let offset: Int
        let magic: [UInt8]
        let contentType: String
    }

    /// The formats the platforms send: photos, voice (AMR, WeChat's SILK, MP3), video and
    /// common files. Longer and offset signatures first where one prefix hides another.
    static let signatures: [Signature] = [
        Signature(offset: 0, magic: [0xFF, 0xD8, 0xFF], contentType: "image/jpeg"),
        Signature(offset: 0, magic: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], contentType: "image/png"),
        Signature(offset: 0, magic: Array("GIF8".utf8), contentType: "image/gif"),
        Signature(offset: 8, magic: Array("WEBP".utf8), contentType: "image/webp"),
        Signature(offset: 0, magic: Array("#!AMR".utf8), contentType: "audio/amr"),
        Signature(offset: 0, magic: Array("#!SILK_V3".utf8), contentType: "audio/silk"),
        // WeChat's SILK files carry one byte (0x02) before the header.
        Signature(offset: 1, magic: Array("#!SILK_V3".utf8), contentType: "audio/silk"),
        Signature(offset: 0, magic: Array("ID3".utf8), contentType: "audio/mpeg"),
        Signature(offset: 0, magic: [0xFF, 0xFB], contentType: "audio/mpeg"),
        Signature(offset: 4, magic: Array("ftyp".utf8), contentType: "video/mp4"),
        Signature(offset: 0, magic: Array("%PDF-".utf8), contentType: "application/pdf"),
        Signature(offset: 0, magic: [0x50, 0x4B, 0x03, 0x04], contentType: "application/zip"),
        Signature(offset: 0, magic: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], contentType: "application/msword"),
    ]

    /// The content type `bytes` are recognised as; nil when no signature fits.
    public static func contentType(of bytes: Data) -> String? {
        signatures.first { signature in
            bytes.count >= signature.offset + signature.magic.count
                && bytes.dropFirst(signature.offset).prefix(signature.magic.count).elementsEqual(signature.magic)
        }?.contentType
    }

    /// Whether the type a server declared agrees with the recognised one: same family
    /// (`image/…`), or nothing specific declared (`application/octet-stream`, none).
    public static func agrees(declared: String?, with recognised: String) -> Bool {
        guard let declared = declared?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
              !declared.isEmpty, declared != "application/octet-stream" else { return true }
        let family = { (type: String) in type.split(separator: "/").first.map(String.init) ?? type }
        return declared == recognised || family(declared) == family(recognised)
    }
}
