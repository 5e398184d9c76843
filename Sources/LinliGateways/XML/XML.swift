/// A deliberately small XML dialect: the flat `<xml>…</xml>` documents that WeChat and
/// WeCom exchange.
///
/// No DTDs, no entities beyond the five predefined ones and character references, no
/// processing instructions except the XML declaration. Foundation's `XMLParser` is not
/// used because it sits on libxml2, whose entity handling is exactly the attack surface
/// these documents do not need.
public enum XML {}
