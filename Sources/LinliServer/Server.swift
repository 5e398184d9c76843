/// The HTTP face of linli: the Hummingbird application that receives WeChat, WeCom and
/// webhook messages, answers them within the platforms' deadlines, and reports health and
/// metrics. ``buildApplication(_:)`` makes it; ``Server/run(_:alongside:)`` runs it.
public enum Server {}
