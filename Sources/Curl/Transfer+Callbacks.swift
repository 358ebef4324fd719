internal import CCurl

extension Transfer {
    /// `CURLOPT_WRITEFUNCTION`: appends body bytes to the transfer found in `userdata`.
    static let receiveBody: curl_write_callback = { buffer, size, count, userdata in
        guard let userdata else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
        let length = size * count
        if let buffer, length > 0 {
            transfer.appendBody(UnsafeRawBufferPointer(start: buffer, count: length))
        }
        return length
    }

    /// `CURLOPT_HEADERFUNCTION`: one header line (status line and final empty line included)
    /// for the transfer found in `userdata`.
    static let receiveHeader: curl_write_callback = { buffer, size, count, userdata in
        guard let userdata else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
        let length = size * count
        if let buffer, length > 0 {
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: buffer, count: length))
        }
        return length
    }
}
