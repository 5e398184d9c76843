import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client socket on 127.0.0.1, for tests that must send what no HTTP client
/// sends (half a request) and see how the server ends the connection.
final class LoopbackSocket {
    /// How a read ended.
    enum ReadEnd: Equatable {
        /// The server closed the connection.
        case closed
        /// Nothing arrived within the timeout and the connection is still open.
        case timedOut
    }

    struct Failure: Error { let what: String }

    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(what: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { Glibc.close(descriptor); throw Failure(what: "connect to \(port)") }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw Failure(what: "send") }
    }

    /// Reads and discards until the server closes the connection or `timeout` seconds pass
    /// without a byte.
    func readUntilClosed(timeout: Int) throws -> ReadEnd {
        var waitTime = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &waitTime, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return .closed }
            if count < 0 { return errno == EAGAIN || errno == EWOULDBLOCK ? .timedOut : .closed }
        }
    }

    func close() { Glibc.close(descriptor) }
}
