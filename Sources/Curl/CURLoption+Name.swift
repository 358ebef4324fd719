internal import CCurl

extension CURLoption {
    /// The option's name for messages, e.g. `CURLOPT_CAINFO`.
    var name: String {
        guard let option = curl_easy_option_by_id(self), let name = option.pointee.name else {
            return "curl option \(rawValue)"
        }
        return "CURLOPT_" + String(cString: name)
    }
}

extension CURLINFO {
    /// The item's name for messages.
    var name: String {
        "curl info item \(rawValue)"
    }
}
