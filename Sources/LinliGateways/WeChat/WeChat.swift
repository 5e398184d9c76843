/// The WeChat Official Account (公众号) callback protocol.
public enum WeChat {}
