/// A program run as a child process (posix_spawn(3)), as Foundation's `Process`.
///
/// The child starts with every signal at its default action and none blocked, whatever this
/// process ignores or blocks; the descriptors it gets are its standard streams and nothing else.
public final class ChildProcess: @unchecked Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// This process's own stream (a terminal, for an editor).
        case inherit
        /// A pipe whose other end this process holds (`input`, `output`, `errors`).
        case pipe
    }

    /// Why a program could not be started.
    public struct LaunchFailure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// What a finished program left: its exit status and what it wrote to piped streams.
    public struct Result: Sendable {
        public var status: Int32
        public var output: [UInt8]
        public var errors: [UInt8]
    }

    public let pid: pid_t
    /// This process's ends of the piped streams (nil for the others).
    public private(set) var input: Int32?
    public let output: Int32?
    public let errors: Int32?

    private let lock = Lock()
    private var exitStatus: Int32?

    /// Starts `executable` (a path, not looked up in PATH) with `arguments`, in `environment`
    /// (this process's when nil).
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        input: Stream = .null, output: Stream = .null, errors: Stream = .null
    ) throws(LaunchFailure) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var ours: [Int32?] = [nil, nil, nil]
        var theirs: [Int32] = []
        defer { for descriptor in theirs { close(descriptor) } }
        for (descriptor, stream) in [(Int32(0), input), (1, output), (2, errors)] {
            switch stream {
            case .inherit:
                break
            case .null:
                posix_spawn_file_actions_addopen(
                    &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
            case .pipe:
                var ends: [Int32] = [-1, -1]
                guard pipe(&ends) == 0 else {
                    for case let descriptor? in ours { close(descriptor) }
                    throw LaunchFailure(description: "cannot run \(executable): no pipe (\(Self.reason(errno)))")
                }
                // Neither end survives into any child; dup2 gives the child its copy without the flag.
                for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
                let (childEnd, ourEnd) = descriptor == 0 ? (ends[0], ends[1]) : (ends[1], ends[0])
                posix_spawn_file_actions_adddup2(&actions, childEnd, descriptor)
                ours[Int(descriptor)] = ourEnd
                theirs.append(childEnd)
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argumentVector = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argumentVector { free(argument) } }
        let environmentVector = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { for variable in environmentVector ?? [] { free(variable) } }

        var child = pid_t()
        let failure =
            if let environmentVector {
                posix_spawn(&child, executable, &actions, &attributes, argumentVector, environmentVector)
            } else {
                posix_spawn(&child, executable, &actions, &attributes, argumentVector, environ)
            }
        guard failure == 0 else {
            for case let descriptor? in ours { close(descriptor) }
            throw LaunchFailure(description: "cannot run \(executable): \(Self.reason(failure))")
        }
        pid = child
        self.input = ours[0]
        self.output = ours[1]
        self.errors = ours[2]
    }

    deinit {
        for case let descriptor? in [input, output, errors] { close(descriptor) }
    }

    /// Runs a program to its end with its output and errors piped, and returns them with its
    /// status; its input is `/dev/null`.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil
    ) throws(LaunchFailure) -> Result {
        let process = try ChildProcess(executable, arguments, environment: environment, output: .pipe, errors: .pipe)
        let (output, errors) = process.readToEnd()
        return Result(status: process.waitUntilExit(), output: output, errors: errors)
    }

    /// Writes `bytes` to the child's piped input; false when it is not piped or the child has
    /// closed it (then nothing more can reach it).
    ///
    /// Writing to a pipe nobody reads raises SIGPIPE, whose default action ends this program —
    /// before it could clean up after the child (drop a schema, stop a server). The signal is
    /// blocked on this thread for the write, and one it raised is taken off before unblocking.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        guard let input else { return false }
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 && sigismember(&previous, SIGPIPE) == 0 {
                var now = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&pipeSignal, nil, &now)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        return SystemCalls.writeAll(bytes, to: input)
    }

    /// Closes the child's piped input: it reads end-of-file.
    public func closeInput() {
        if let input { close(input) }
        input = nil
    }

    /// Everything the child writes to its piped output and errors, until it closes both (read
    /// together, so that neither pipe can fill up and stop the child).
    public func readToEnd() -> (output: [UInt8], errors: [UInt8]) {
        var collected: [[UInt8]] = [[], []]
        var open = [output, errors].map { $0 ?? -1 }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while open.contains(where: { $0 >= 0 }) {
            var watched = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&watched, nfds_t(watched.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in watched.indices where watched[index].fd >= 0 && watched[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(watched[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    collected[index] += buffer[..<count]
                } else if count == 0 || errno != EINTR {
                    open[index] = -1
                }
            }
        }
        return (collected[0], collected[1])
    }

    /// Whether the child is still running.
    public var isRunning: Bool {
        lock.withLock {
            guard exitStatus == nil else { return false }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return true }
            exitStatus = Self.decode(status)
            return false
        }
    }

    /// Asks the child to stop (SIGTERM).
    public func terminate() {
        if isRunning { kill(pid, SIGTERM) }
    }

    /// Waits for the child to end; its exit status, or 128 plus the signal that ended it.
    @discardableResult
    public func waitUntilExit() -> Int32 {
        lock.withLock {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                guard errno == EINTR else {
                    exitStatus = -1
                    return -1
                }
            }
            let decoded = Self.decode(status)
            exitStatus = decoded
            return decoded
        }
    }

    private static func decode(_ status: Int32) -> Int32 {
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
