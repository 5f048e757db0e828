// What the command line and the reviewer use of the system, in one import: FoundationEssentials
// (files, URLs, the environment) where the toolchain has it, the C library, and Dispatch.
// The whole of Foundation is left out on purpose: it brings CoreFoundation and ICU (34 MB of
// data and thousands of relocations) into every start of the program. Its `Process`, `Thread`,
// `NSLock` and `NSCondition` have small replacements in this module.
@_exported import Dispatch

#if canImport(FoundationEssentials)
    @_exported import FoundationEssentials
#else
    @_exported import Foundation
#endif
#if canImport(Glibc)
    @_exported import Glibc
#elseif canImport(Musl)
    @_exported import Musl
#elseif canImport(Darwin)
    @_exported import Darwin
#endif
