/// What one line of a log with a request per line holds.
enum LogLineReading {
    /// A request (its ``LoggedPostback/line`` is set by the parser).
    case request(LoggedPostback)
    /// A line that logs no request, and why: nginx's `"-" 400 0` for a connection closed before
    /// it sent one, an ALB's `"- - - "`.
    case noRequest(String)
    /// A line that cannot be read in the format, and why.
    case unreadable(String)
}
