import Foundation

/// Reads lines from standard input. On a terminal it offers line editing and history
/// through libedit's readline, loaded at run time so that linli needs no extra build
/// dependency; without it (or when piped) it reads plain lines.
struct LineReader {
    private typealias ReadlineFunction = @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
    private typealias AddHistoryFunction = @convention(c) (UnsafePointer<CChar>?) -> Int32

    private let readlineFunction: ReadlineFunction?
    private let addHistory: AddHistoryFunction?

    /// Whether standard input is a terminal.
    static var isTerminal: Bool { isatty(0) == 1 }

    init() {
        guard Self.isTerminal else {
            readlineFunction = nil
            addHistory = nil
            return
        }
        var handle: UnsafeMutableRawPointer?
        for name in ["libedit.so.2", "libedit.so", "libreadline.so.8"] {
            handle = dlopen(name, RTLD_NOW)
            if handle != nil { break }
        }
        guard let handle, let read = dlsym(handle, "readline"), let add = dlsym(handle, "add_history") else {
            readlineFunction = nil
            addHistory = nil
            return
        }
        readlineFunction = unsafeBitCast(read, to: ReadlineFunction.self)
        addHistory = unsafeBitCast(add, to: AddHistoryFunction.self)
    }

    /// The next line, or nil at end of input.
    func read(prompt: String) -> String? {
        if let readlineFunction {
            guard let pointer = prompt.withCString({ readlineFunction($0) }) else { return nil }
            defer { free(pointer) }
            let line = String(cString: pointer)
            if !line.trimmingCharacters(in: .whitespaces).isEmpty { _ = addHistory?(pointer) }
            return line
        }
        if Self.isTerminal {
            print(prompt, terminator: "")
            fflush(nil)
        }
        return readLine(strippingNewline: true)
    }
}
