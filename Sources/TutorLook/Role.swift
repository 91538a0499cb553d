/// What a cell or a piece of text means, not how it looks: `Look` gives each role its one
/// appearance, which the terminal layer and the coloured text output both follow.
public enum Role: UInt8, CaseIterable, Sendable {
    case normal, dim, title, heading, emphasis, code, keyword, string, comment, number
    case selected, keyBar, keyName, warning, good, bad, axis, instant
    case running, sleeping, waitingLock, holdingLock, waitingSemaphore, holdingSemaphore
    case waitingCondition, idle, waitingGIL
    /// A worker's state while tutor's pacer held it: its glyph, dimmed.
    case held
}
