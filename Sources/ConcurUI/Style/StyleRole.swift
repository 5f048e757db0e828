/// What a cell on screen means; themes give each role its colours.
public enum StyleRole: String, CaseIterable, Sendable, Hashable {
    case normal
    case header
    case paneTitle = "pane-title"
    case paneTitleFocused = "pane-title-focused"
    case border
    case selection
    case fileCount = "file-count"
    case fileDone = "file-done"
    case lineNumber = "line-number"
    case findingMarker = "finding-marker"
    case findingCurrent = "finding-current"
    case findingOther = "finding-other"
    case acceptedMarker = "accepted-marker"
    case skippedMarker = "skipped-marker"
    case keyword
    case string
    case comment
    case number
    case diffAdded = "diff-added"
    case diffRemoved = "diff-removed"
    case diffContext = "diff-context"
    case fixTitle = "fix-title"
    case noFix = "no-fix"
    case docsHeading = "docs-heading"
    case docsCode = "docs-code"
    case docsInlineCode = "docs-inline-code"
    case docsStrong = "docs-strong"
    case statusBar = "status-bar"
    case statusKey = "status-key"
    case message
    case messageError = "message-error"
    case overlay
    case overlayTitle = "overlay-title"
}
