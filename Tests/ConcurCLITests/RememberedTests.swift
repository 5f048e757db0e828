import Testing

@testable import concur

/// What `DiskProjectFiles` remembers per path: the first answers in arrays, then all in a
/// dictionary. Every answer must come back, from either, and the first kept for a key stays.
@Suite("Remembered answers")
struct RememberedTests {
    @Test(arguments: [3, 16, 17, 40, 200])
    func everyAnswerComesBack(_ count: Int) {
        var remembered = Remembered<Int>()
        for number in 0..<count { remembered.keep(number, for: "folder/\(number)") }
        // A second answer for a key already kept is ignored (found meanwhile by another thread).
        for number in 0..<count { remembered.keep(-1, for: "folder/\(number)") }
        for number in (0..<count).reversed() { #expect(remembered.value(for: "folder/\(number)") == number) }
        #expect(remembered.value(for: "folder/\(count)") == nil)
        #expect(remembered.value(for: "folder/0") == 0)
    }
}
